// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {CoreSystemClient} from "./CoreSystemClient.sol";
import {ICoreSystem} from "./interfaces/ICoreSystem.sol";
import {IPaymentGateway} from "./interfaces/IPaymentGateway.sol";
import {SuiteVersion} from "./SuiteVersion.sol";

/// @title One-off sales of off-chain listings, paid on-chain through the PaymentGateway.
/// @notice A seller signs a Listing off-chain (EIP-712, bound to this chain and contract). A buyer submits it
/// with the signature and pays in the listing's token, or in the one other token the seller signed as
/// accepted (`acceptedToken`), converted at the gateway's current rate (rates older than the gateway's
/// `maxRateAge` are refused) and never below the seller's signed `minAcceptedAmount`. A buyer can therefore
/// never pay in a token the seller did not accept, whatever the gateway converts. A listing sells once; the
/// seller can revoke it before that. The sale is announced by `ListingPurchased`, on which the
/// off-chain side delivers the item.
contract Marketplace is CoreSystemClient, EIP712, ReentrancyGuardTransient {
    struct Listing {
        address seller;
        address token;
        uint256 price;
        bytes32 itemId;
        uint256 salt;
        uint64 expiry;
        /// A second token the seller accepts, used only when `minAcceptedAmount` is not zero.
        address acceptedToken;
        /// The least the buyer pays in `acceptedToken` (before the protocol fee); zero: only `token` is accepted.
        uint256 minAcceptedAmount;
    }

    uint16 public constant SUITE_VERSION = SuiteVersion.VERSION;
    bytes32 public constant LISTING_TYPEHASH = keccak256(
        "Listing(address seller,address token,uint256 price,bytes32 itemId,uint256 salt,uint64 expiry,address acceptedToken,uint256 minAcceptedAmount)"
    );
    address private constant NATIVE = address(0);

    bytes32 public immutable instanceId;
    mapping(bytes32 listingHash => bool) public isConsumed;
    mapping(bytes32 listingHash => bool) public isRevoked;

    event ListingPurchased(
        bytes32 indexed listingHash,
        address indexed seller,
        address indexed buyer,
        bytes32 itemId,
        address paymentToken,
        uint256 amount,
        uint256 fee
    );
    event ListingRevoked(bytes32 indexed listingHash, address indexed seller);

    error ListingExpired(uint64 expiry);
    error ListingAlreadyConsumed(bytes32 listingHash);
    error ListingIsRevoked(bytes32 listingHash);
    error InvalidListingSignature(bytes32 listingHash, address seller);
    error PaymentPairNotSupported(address paymentToken, address listingToken);
    error PaymentTokenNotAccepted(address paymentToken, address listingToken);
    error PriceAboveMaximum(uint256 amountDue, uint256 maxAmount);
    error IncorrectPayment(uint256 expected, uint256 received);
    error NotSeller(bytes32 listingHash, address caller);

    constructor(ICoreSystem core_, bytes32 instanceId_) CoreSystemClient(core_) EIP712("BillingMarketplace", "1") {
        instanceId = instanceId_;
    }

    function typeAndVersion() external pure returns (string memory) {
        return "Marketplace 2.0.0";
    }

    /// @notice Buys a listing, paying in `paymentToken`: the listing's token, or its `acceptedToken`.
    /// ERC-20 payments are pulled from the buyer, who approved the gateway; native payments are `msg.value`,
    /// which must equal the amount due. `maxAmount` bounds what the buyer pays after conversion.
    function buy(Listing calldata listing, bytes calldata signature, address paymentToken, uint256 maxAmount)
        external
        payable
        nonReentrant
        returns (uint256 amountDue)
    {
        if (block.timestamp > listing.expiry) revert ListingExpired(listing.expiry);
        bytes32 listingHash = hashListing(listing);
        if (isConsumed[listingHash]) revert ListingAlreadyConsumed(listingHash);
        if (isRevoked[listingHash]) revert ListingIsRevoked(listingHash);
        if (!SignatureChecker.isValidSignatureNow(listing.seller, listingHash, signature)) {
            revert InvalidListingSignature(listingHash, listing.seller);
        }
        bool alternative = paymentToken != listing.token;
        if (alternative && (listing.minAcceptedAmount == 0 || paymentToken != listing.acceptedToken)) {
            revert PaymentTokenNotAccepted(paymentToken, listing.token);
        }
        IPaymentGateway gateway = IPaymentGateway(_service(instanceId, "PaymentGateway"));
        if (!gateway.isPairSupported(paymentToken, listing.token)) {
            revert PaymentPairNotSupported(paymentToken, listing.token);
        }
        uint256 converted = gateway.convertAmount(listing.token, paymentToken, listing.price);
        (amountDue,) = gateway.quote(msg.sender, listing.seller, paymentToken, converted);
        if (alternative && amountDue < listing.minAcceptedAmount) amountDue = listing.minAcceptedAmount;
        if (amountDue > maxAmount) revert PriceAboveMaximum(amountDue, maxAmount);
        uint256 value = paymentToken == NATIVE ? amountDue : 0;
        if (msg.value != value) revert IncorrectPayment(value, msg.value);

        isConsumed[listingHash] = true;
        (uint256 fee,) = gateway.processPayment{value: value}(msg.sender, listing.seller, paymentToken, amountDue);
        emit ListingPurchased(listingHash, listing.seller, msg.sender, listing.itemId, paymentToken, amountDue, fee);
    }

    /// @notice Withdraws a listing before it sells. Only its seller may.
    function revokeListing(Listing calldata listing) external {
        bytes32 listingHash = hashListing(listing);
        if (msg.sender != listing.seller) revert NotSeller(listingHash, msg.sender);
        if (isConsumed[listingHash]) revert ListingAlreadyConsumed(listingHash);
        isRevoked[listingHash] = true;
        emit ListingRevoked(listingHash, msg.sender);
    }

    function hashListing(Listing calldata listing) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    LISTING_TYPEHASH,
                    listing.seller,
                    listing.token,
                    listing.price,
                    listing.itemId,
                    listing.salt,
                    listing.expiry,
                    listing.acceptedToken,
                    listing.minAcceptedAmount
                )
            )
        );
    }
}
