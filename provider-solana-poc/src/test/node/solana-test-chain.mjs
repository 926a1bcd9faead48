// A Solana JSON-RPC endpoint over an in-process Solana bank, for provider-solana-poc's tests only.
//
// solana-bankrun runs the real Solana runtime (a bank with the system, SPL Token, associated token account and
// memo programs) but keeps no transaction history and serves no JSON-RPC. This shim sends transactions into it
// and records, for each one, what a validator's RPC answers later: the signatures that mention an address, and
// the transaction in `jsonParsed` encoding with balances read from the bank before and after it ran.
//
// Standard methods: getHealth, getSlot, getGenesisHash, getLatestBlockhash, getBalance,
// getSignaturesForAddress, getTransaction (jsonParsed only). Every transaction is final as soon as it is sent,
// so every commitment is answered alike ("finalized").
//
// Test-only methods (prefixed test_), the payer's side:
//   test_createMint {decimals}                          -> {mint}
//   test_newRecipient {mints}                           -> {address}   a funded wallet with a token account per mint
//   test_payUrl {url, recipient?, amount?, splToken?, lamports?}
//                                                       -> {signature, err}
//       parses a Solana Pay transfer request URL with @solana/pay's parseURL, applies the overrides (splToken null
//       pays SOL), builds the transfer with @solana/pay's createTransfer as a wallet does, from a fresh payer
//       holding `lamports` (default 100 SOL) and plenty of the token, and sends it. A transaction that fails on
//       chain is recorded with its error and its fee, as a cluster records it.
//
// Usage: node solana-test-chain.mjs [--genesis-hash <base58>]; prints "listening on <port>" once it serves, and
// exits when its standard input closes (the test that started it ended).

import http from 'node:http';
import { start } from 'solana-bankrun';
import { Keypair, PublicKey, SystemProgram, Transaction, LAMPORTS_PER_SOL } from '@solana/web3.js';
import {
    ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, MINT_SIZE,
    createInitializeMint2Instruction, createAssociatedTokenAccountInstruction, createMintToInstruction,
    getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { createTransfer, parseURL } from '@solana/pay';
import BigNumber from 'bignumber.js';
import bs58 from 'bs58';

const MEMO_PROGRAM_ID = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const SYSTEM_PROGRAM_ID = SystemProgram.programId.toBase58();
const TOKEN_PROGRAMS = new Set([TOKEN_PROGRAM_ID.toBase58(), TOKEN_2022_PROGRAM_ID.toBase58()]);
const TOKEN_ACCOUNT_SIZE = 165;
const MINT_DECIMALS_OFFSET = 44;
/** The bank's fee rate (solana-program-test's default). */
const LAMPORTS_PER_SIGNATURE = 5000;

const genesisHash = argument('--genesis-hash') ?? 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG';
const mintAuthority = Keypair.generate();
const chain = await start([], [systemAccount(mintAuthority.publicKey, 1_000_000n * BigInt(LAMPORTS_PER_SOL))]);
const bank = chain.banksClient;

/** signature -> recorded transaction; address -> signatures mentioning it, oldest first. */
const transactions = new Map();
const signaturesByAddress = new Map();
/** Sending is one at a time, so that a transaction's balances before and after are its own. */
let sending = Promise.resolve();

function argument(name) {
    const index = process.argv.indexOf(name);
    return index >= 0 ? process.argv[index + 1] : undefined;
}

function systemAccount(address, lamports) {
    return { address, info: { lamports: Number(lamports), data: Buffer.alloc(0), owner: SystemProgram.programId, executable: false } };
}

/** A wallet's view of the chain, as @solana/pay's createTransfer and @solana/spl-token read it. */
const connection = {
    async getAccountInfo(address) {
        return accountInfo(address);
    },
    async getParsedAccountInfo(address) {
        return { context: { slot: await currentSlot() }, value: await accountInfo(address) };
    },
    async getLatestBlockhash() {
        const [blockhash, lastValidBlockHeight] = await bank.getLatestBlockhash();
        return { blockhash, lastValidBlockHeight: Number(lastValidBlockHeight) };
    },
};

async function currentSlot() {
    return Number(await bank.getSlot());
}

async function accountInfo(address) {
    const account = await bank.getAccount(address);
    if (!account) {
        return null;
    }
    return { lamports: Number(account.lamports), owner: new PublicKey(account.owner), data: Buffer.from(account.data), executable: account.executable, rentEpoch: 0 };
}

async function lamportsOf(address) {
    return Number((await bank.getAccount(address))?.lamports ?? 0);
}

async function tokenAccount(address) {
    const account = await bank.getAccount(address);
    if (!account || !TOKEN_PROGRAMS.has(new PublicKey(account.owner).toBase58()) || account.data.length < TOKEN_ACCOUNT_SIZE) {
        return null;
    }
    const data = Buffer.from(account.data);
    const mint = new PublicKey(data.subarray(0, 32));
    const mintAccount = await bank.getAccount(mint);
    return {
        mint: mint.toBase58(),
        owner: new PublicKey(data.subarray(32, 64)).toBase58(),
        programId: new PublicKey(account.owner).toBase58(),
        amount: data.readBigUInt64LE(64),
        decimals: mintAccount ? Buffer.from(mintAccount.data)[MINT_DECIMALS_OFFSET] : 0,
    };
}

function uiTokenAmount(amount, decimals) {
    const ui = new BigNumber(amount.toString()).shiftedBy(-decimals);
    return { amount: amount.toString(), decimals, uiAmount: ui.toNumber(), uiAmountString: ui.toFixed() };
}

async function snapshot(keys) {
    const lamports = [];
    const tokens = [];
    for (const [accountIndex, key] of keys.entries()) {
        lamports.push(await lamportsOf(key));
        const token = await tokenAccount(key);
        if (token) {
            tokens.push({ accountIndex, mint: token.mint, owner: token.owner, programId: token.programId, uiTokenAmount: uiTokenAmount(token.amount, token.decimals) });
        }
    }
    return { lamports, tokens };
}

function parseInstruction(instruction, keys) {
    const programId = keys[instruction.programIdIndex].toBase58();
    const accounts = instruction.accounts.map(index => keys[index].toBase58());
    const data = Buffer.from(bs58.decode(instruction.data));
    if (programId === SYSTEM_PROGRAM_ID && data.length === 12 && data.readUInt32LE(0) === 2) {
        return { program: 'system', programId, stackHeight: null,
            parsed: { type: 'transfer', info: { source: accounts[0], destination: accounts[1], lamports: Number(data.readBigUInt64LE(4)) } } };
    }
    if (TOKEN_PROGRAMS.has(programId) && data[0] === 12 && data.length === 10) {
        return { program: 'spl-token', programId, stackHeight: null,
            parsed: { type: 'transferChecked', info: { source: accounts[0], mint: accounts[1], destination: accounts[2], authority: accounts[3],
                tokenAmount: uiTokenAmount(data.readBigUInt64LE(1), data[9]) } } };
    }
    if (TOKEN_PROGRAMS.has(programId) && data[0] === 3 && data.length === 9) {
        return { program: 'spl-token', programId, stackHeight: null,
            parsed: { type: 'transfer', info: { source: accounts[0], destination: accounts[1], authority: accounts[2], amount: data.readBigUInt64LE(1).toString() } } };
    }
    if (programId === MEMO_PROGRAM_ID) {
        return { program: 'spl-memo', programId, stackHeight: null, parsed: data.toString('utf8') };
    }
    return { programId, accounts, data: instruction.data, stackHeight: null };
}

/** Sends a signed transaction into the bank and records it as an RPC node would; the chain then moves on one slot. */
function send(transaction) {
    const sent = sending.then(() => record(transaction));
    sending = sent.catch(() => undefined);
    return sent;
}

async function record(transaction) {
    const message = transaction.compileMessage();
    const keys = message.accountKeys;
    const slot = await currentSlot();
    const before = await snapshot(keys);
    const result = await bank.tryProcessTransaction(transaction);
    const after = await snapshot(keys);
    const signature = bs58.encode(transaction.signature);
    const err = result.result ? { TransactionError: String(result.result) } : null;
    const memo = message.instructions
        .filter(instruction => keys[instruction.programIdIndex].toBase58() === MEMO_PROGRAM_ID)
        .map(instruction => Buffer.from(bs58.decode(instruction.data)).toString('utf8'));
    transactions.set(signature, {
        slot,
        blockTime: Math.floor(Date.now() / 1000),
        version: 'legacy',
        meta: {
            err,
            status: err ? { Err: err } : { Ok: null },
            fee: LAMPORTS_PER_SIGNATURE * message.header.numRequiredSignatures,
            preBalances: before.lamports,
            postBalances: after.lamports,
            preTokenBalances: before.tokens,
            postTokenBalances: after.tokens,
            logMessages: result.meta?.logMessages ?? [],
            innerInstructions: [],
            rewards: [],
            computeUnitsConsumed: Number(result.meta?.computeUnitsConsumed ?? 0),
        },
        transaction: {
            signatures: transaction.signatures.map(entry => bs58.encode(entry.signature ?? Buffer.alloc(64))),
            message: {
                accountKeys: keys.map((key, index) => ({
                    pubkey: key.toBase58(), signer: message.isAccountSigner(index), writable: message.isAccountWritable(index), source: 'transaction',
                })),
                instructions: message.instructions.map(instruction => parseInstruction(instruction, keys)),
                recentBlockhash: message.recentBlockhash,
            },
        },
        memo: memo.length ? memo.map(text => '[' + Buffer.byteLength(text) + '] ' + text).join('; ') : null,
    });
    for (const key of new Set(keys.map(key => key.toBase58()))) {
        if (!signaturesByAddress.has(key)) {
            signaturesByAddress.set(key, []);
        }
        signaturesByAddress.get(key).push(signature);
    }
    chain.warpToSlot(BigInt(slot + 1));
    return { signature, err };
}

async function sign(instructions, payer, ...signers) {
    const transaction = new Transaction().add(...instructions);
    transaction.feePayer = payer.publicKey;
    transaction.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    transaction.sign(payer, ...signers);
    return transaction;
}

function requireSuccess(what, outcome) {
    if (outcome.err) {
        throw new Error(what + ' failed: ' + JSON.stringify(outcome.err));
    }
    return outcome;
}

async function createMint(decimals) {
    const mint = Keypair.generate();
    const rent = Number(await bank.getRent().then(rent => rent.minimumBalance(BigInt(MINT_SIZE))));
    requireSuccess('creating a mint', await send(await sign([
        SystemProgram.createAccount({ fromPubkey: mintAuthority.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, decimals, mintAuthority.publicKey, null),
    ], mintAuthority, mint)));
    return mint.publicKey;
}

async function newWallet(mints, lamports, tokens) {
    const wallet = Keypair.generate();
    const account = systemAccount(wallet.publicKey, lamports);
    chain.setAccount(account.address, account.info);
    for (const mint of mints) {
        const tokenAccountAddress = getAssociatedTokenAddressSync(mint, wallet.publicKey);
        const instructions = [createAssociatedTokenAccountInstruction(mintAuthority.publicKey, tokenAccountAddress, wallet.publicKey, mint, TOKEN_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID)];
        if (tokens > 0n) {
            instructions.push(createMintToInstruction(mint, tokenAccountAddress, mintAuthority.publicKey, tokens));
        }
        requireSuccess('opening a token account', await send(await sign(instructions, mintAuthority)));
    }
    return wallet;
}

async function payUrl({ url, recipient, amount, splToken, lamports }) {
    const fields = parseURL(url);
    if (recipient !== undefined) {
        fields.recipient = new PublicKey(recipient);
    }
    if (amount !== undefined) {
        fields.amount = new BigNumber(amount);
    }
    if (splToken !== undefined) {
        fields.splToken = splToken === null ? undefined : new PublicKey(splToken);
    }
    const payer = await newWallet(fields.splToken ? [fields.splToken] : [], BigInt(lamports ?? 100 * LAMPORTS_PER_SOL), 10n ** 15n);
    const transaction = await createTransfer(connection, payer.publicKey, fields);
    transaction.sign(payer);
    return send(transaction);
}

function signaturesForAddress(address, options = {}) {
    const limit = Math.min(options.limit ?? 1000, 1000);
    const newestFirst = [...(signaturesByAddress.get(address) ?? [])].reverse();
    let start = 0;
    if (options.before) {
        const index = newestFirst.indexOf(options.before);
        start = index < 0 ? newestFirst.length : index + 1;
    }
    const result = [];
    for (const signature of newestFirst.slice(start)) {
        if (signature === options.until || result.length >= limit) {
            break;
        }
        const recorded = transactions.get(signature);
        result.push({ signature, slot: recorded.slot, err: recorded.meta.err, memo: recorded.memo, blockTime: recorded.blockTime, confirmationStatus: 'finalized' });
    }
    return result;
}

function transactionView(signature, options = {}) {
    if ((options.encoding ?? 'json') !== 'jsonParsed') {
        throw rpcError(-32602, 'this test chain answers getTransaction only with encoding jsonParsed');
    }
    const recorded = transactions.get(signature);
    if (!recorded) {
        return null;
    }
    const { memo, ...view } = recorded;
    return view;
}

function rpcError(code, message) {
    return Object.assign(new Error(message), { rpcCode: code });
}

async function call(method, params = []) {
    switch (method) {
        case 'getHealth': return 'ok';
        case 'getSlot': return currentSlot();
        case 'getGenesisHash': return genesisHash;
        case 'getLatestBlockhash': {
            const latest = await connection.getLatestBlockhash();
            return { context: { slot: await currentSlot() }, value: latest };
        }
        case 'getBalance': return { context: { slot: await currentSlot() }, value: await lamportsOf(new PublicKey(params[0])) };
        case 'getSignaturesForAddress': return signaturesForAddress(new PublicKey(params[0]).toBase58(), params[1]);
        case 'getTransaction': return transactionView(params[0], params[1]);
        case 'test_createMint': return { mint: (await createMint(params[0]?.decimals ?? 6)).toBase58() };
        case 'test_newRecipient': {
            const mints = (params[0]?.mints ?? []).map(mint => new PublicKey(mint));
            return { address: (await newWallet(mints, BigInt(LAMPORTS_PER_SOL), 0n)).publicKey.toBase58() };
        }
        case 'test_payUrl': return payUrl(params[0] ?? {});
        default: throw rpcError(-32601, 'Method not found: ' + method);
    }
}

const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', async () => {
        let id = null;
        let body;
        try {
            const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            id = envelope.id ?? null;
            body = { jsonrpc: '2.0', id, result: await call(envelope.method, envelope.params) };
        }
        catch (error) {
            body = { jsonrpc: '2.0', id, error: { code: error.rpcCode ?? -32603, message: String(error.message ?? error) } };
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body, (key, value) => typeof value === 'bigint' ? value.toString() : value));
    });
});
server.listen(0, '127.0.0.1', () => {
    process.stdout.write('listening on ' + server.address().port + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
