// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {CoreSystemClient} from "./CoreSystemClient.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {IPlanManager, MIN_PLAN_PERIOD, MAX_PLAN_PERIOD} from "./interfaces/IPlanManager.sol";
import {Roles} from "./Roles.sol";
import {SuiteVersion} from "./SuiteVersion.sol";

/// @title Subscription plans published with an EIP-712 signature of their author.
/// @notice A plan is identified by its EIP-712 digest (`hashPlan`), which binds the terms to this chain and
/// this contract. Plans are never deleted or edited, so a plan hash always means the same terms and a
/// signature can create a plan once only; new terms are a new plan. Statuses: Active (accepts subscribers,
/// renews), Inactive (retired by its author or an operator), Frozen (suspended by an operator or governor;
/// only they can lift it). Each author may hold at most `activePlanLimit` active plans. Periods are bounded
/// (`MIN_PERIOD` .. `MAX_PERIOD`, the gateway API's bounds) so that no schedule computed from them can wrap.
/// An author who lost AUTHOR_ROLE can no longer change the status of their plans.
contract PlanManager is IPlanManager, CoreSystemClient, EIP712 {
    /// @notice What an author signs. Arrays are deliberately absent (see DESIGN §6).
    struct Plan {
        address author;
        address merchant;
        address token;
        uint256 price;
        uint64 period;
        uint256 salt;
        uint64 expiry;
        string uri;
    }

    struct PlanRecord {
        address merchant;
        uint64 period;
        PlanStatus status;
        address token;
        uint256 price;
        address author;
    }

    uint16 public constant SUITE_VERSION = SuiteVersion.VERSION;
    /// The shortest billing period a plan may have.
    uint64 public constant MIN_PERIOD = MIN_PLAN_PERIOD;
    /// The longest billing period a plan may have (ten years of days).
    uint64 public constant MAX_PERIOD = MAX_PLAN_PERIOD;

    bytes32 public constant PLAN_TYPEHASH = keccak256(
        "Plan(address author,address merchant,address token,uint256 price,uint64 period,uint256 salt,uint64 expiry,string uri)"
    );

    uint256 public activePlanLimit;
    mapping(address author => uint256) public activePlanCount;
    mapping(bytes32 planHash => PlanRecord) private _plans;

    event PlanCreated(
        bytes32 indexed planHash,
        address indexed author,
        address indexed merchant,
        address token,
        uint256 price,
        uint64 period,
        string uri
    );
    event PlanStatusChanged(
        bytes32 indexed planHash, PlanStatus previousStatus, PlanStatus status, address indexed changedBy
    );
    event ActivePlanLimitChanged(uint256 previousLimit, uint256 limit);

    error PlanSignatureExpired(uint64 expiry);
    error InvalidPlanTerms();
    error PlanPeriodOutOfRange(uint64 period, uint64 minimum, uint64 maximum);
    error PlanAlreadyExists(bytes32 planHash);
    error InvalidPlanSignature(bytes32 planHash, address author);
    error ActivePlanLimitReached(address author, uint256 limit);
    error PlanNotFound(bytes32 planHash);
    error InvalidPlanStatus(PlanStatus status);
    error PlanStatusChangeNotAllowed(bytes32 planHash, address caller);

    constructor(ICoreSystem core_, uint256 activePlanLimit_)
        CoreSystemClient(core_)
        EIP712("BillingPlanManager", "1")
    {
        activePlanLimit = activePlanLimit_;
        emit ActivePlanLimitChanged(0, activePlanLimit_);
    }

    function typeAndVersion() external pure returns (string memory) {
        return "PlanManager 2.0.0";
    }

    /// @notice Publishes a plan signed by its author (an EOA or an ERC-1271 wallet holding AUTHOR_ROLE).
    /// Anyone may submit it; the signature is the authorisation.
    function createPlan(Plan calldata plan, bytes calldata signature) external returns (bytes32 planHash) {
        if (block.timestamp > plan.expiry) revert PlanSignatureExpired(plan.expiry);
        if (plan.merchant == address(0) || plan.price == 0) revert InvalidPlanTerms();
        if (plan.period < MIN_PERIOD || plan.period > MAX_PERIOD) {
            revert PlanPeriodOutOfRange(plan.period, MIN_PERIOD, MAX_PERIOD);
        }
        _checkRole(Roles.AUTHOR, plan.author);
        planHash = hashPlan(plan);
        if (_plans[planHash].status != PlanStatus.None) revert PlanAlreadyExists(planHash);
        if (!SignatureChecker.isValidSignatureNow(plan.author, planHash, signature)) {
            revert InvalidPlanSignature(planHash, plan.author);
        }
        _reserveActiveSlot(plan.author);
        _plans[planHash] = PlanRecord({
            merchant: plan.merchant,
            period: plan.period,
            status: PlanStatus.Active,
            token: plan.token,
            price: plan.price,
            author: plan.author
        });
        emit PlanCreated(planHash, plan.author, plan.merchant, plan.token, plan.price, plan.period, plan.uri);
        emit PlanStatusChanged(planHash, PlanStatus.None, PlanStatus.Active, msg.sender);
    }

    /// @notice Activates, deactivates or freezes a plan. The author may switch its own plan between Active
    /// and Inactive while it still holds AUTHOR_ROLE; OPERATOR and GOVERNOR may set any status, and only they
    /// may freeze or unfreeze.
    /// Setting the current status again changes nothing and emits nothing.
    function setPlanStatus(bytes32 planHash, PlanStatus status) external {
        if (status == PlanStatus.None) revert InvalidPlanStatus(status);
        PlanRecord storage record = _plans[planHash];
        PlanStatus previous = record.status;
        if (previous == PlanStatus.None) revert PlanNotFound(planHash);
        if (previous == status) return;
        bool privileged = core.hasRole(Roles.OPERATOR, msg.sender) || core.hasRole(Roles.GOVERNOR, msg.sender);
        bool authorMayChange = msg.sender == record.author && previous != PlanStatus.Frozen
            && status != PlanStatus.Frozen && core.hasRole(Roles.AUTHOR, msg.sender);
        if (!privileged && !authorMayChange) revert PlanStatusChangeNotAllowed(planHash, msg.sender);
        if (status == PlanStatus.Active) {
            _reserveActiveSlot(record.author);
        } else if (previous == PlanStatus.Active) {
            activePlanCount[record.author] -= 1;
        }
        record.status = status;
        emit PlanStatusChanged(planHash, previous, status, msg.sender);
    }

    /// @notice Sets how many active plans one author may have. Lowering it keeps existing active plans.
    function setActivePlanLimit(uint256 limit) external onlyRole(Roles.GOVERNOR) {
        emit ActivePlanLimitChanged(activePlanLimit, limit);
        activePlanLimit = limit;
    }

    /// @return the EIP-712 digest the author signs; it is also the plan's identifier on this chain.
    function hashPlan(Plan calldata plan) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    PLAN_TYPEHASH,
                    plan.author,
                    plan.merchant,
                    plan.token,
                    plan.price,
                    plan.period,
                    plan.salt,
                    plan.expiry,
                    keccak256(bytes(plan.uri))
                )
            )
        );
    }

    function getPlan(bytes32 planHash) external view returns (PlanRecord memory) {
        return _plans[planHash];
    }

    /// @inheritdoc IPlanManager
    function getPlanTerms(bytes32 planHash) external view returns (PlanTerms memory terms) {
        PlanRecord storage record = _plans[planHash];
        terms = PlanTerms({
            merchant: record.merchant,
            token: record.token,
            price: record.price,
            period: record.period,
            status: record.status
        });
    }

    /// @inheritdoc IPlanManager
    function planStatus(bytes32 planHash) external view returns (PlanStatus) {
        return _plans[planHash].status;
    }

    function _reserveActiveSlot(address author) private {
        uint256 count = activePlanCount[author];
        if (count >= activePlanLimit) revert ActivePlanLimitReached(author, activePlanLimit);
        activePlanCount[author] = count + 1;
    }
}
