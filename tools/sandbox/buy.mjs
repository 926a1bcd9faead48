// Buys the sandbox's one-time product as a customer would, on one network, and waits for the gateway to confirm it.
//
//   node tools/sandbox/buy.mjs --home ./sandbox fiat   pays on the mock PSP's hosted page with a test card
//   node tools/sandbox/buy.mjs --home ./sandbox bsc    signs and sends the checkout payload with the test wallet (ethers.js)
//
// Everything else (the gateway's URL, the user's token, the chains' RPC URLs, the wallet's key) comes from
// <home>/sandbox.json, which `./gateway sandbox` writes. Prints one line per step; exits 1 with one line on failure.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

function fail(message) {
  console.error(`buy: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2);
let home = "sandbox";
let network;
for (let index = 0; index < args.length; index++) {
  if (args[index] === "--home") {
    home = args[++index];
  } else if (!network) {
    network = args[index];
  } else {
    fail(`unexpected argument ${args[index]}; usage: node buy.mjs [--home DIR] NETWORK`);
  }
}
if (!network) {
  fail("name a network: fiat, ethereum, bsc or polygon");
}
let sandbox;
try {
  sandbox = JSON.parse(readFileSync(join(home, "sandbox.json"), "utf8"));
} catch (e) {
  fail(`cannot read ${join(home, "sandbox.json")} (${e.message}); start ./gateway sandbox first`);
}

async function api(method, path, body, headers = {}) {
  const response = await fetch(sandbox.gatewayUrl + path, {
    method,
    headers: { Authorization: `Bearer ${sandbox.userToken}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    fail(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return JSON.parse(text);
}

async function payOnCard(url) {
  const response = await fetch(url + "/pay", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: "card=4242424242424242",
  });
  if (!response.ok) {
    fail(`the mock PSP refused the card: ${response.status} ${await response.text()}`);
  }
  return "paid with the test card 4242 4242 4242 4242";
}

async function payWithWallet(payload) {
  const chain = sandbox.chains[network];
  if (!chain) {
    fail(`the sandbox runs no chain named ${network}`);
  }
  const { JsonRpcProvider, Network, Wallet } = await import("ethers");
  const chainId = BigInt(payload.chainId.replace(/^eip155:/, ""));
  const plain = new Network(`eip155-${chainId}`, chainId);
  const provider = new JsonRpcProvider(chain.rpcUrl, plain, { staticNetwork: plain });
  const wallet = new Wallet(sandbox.wallet.privateKey, provider);
  const sent = await wallet.sendTransaction({ to: payload.to, data: payload.data, value: BigInt(payload.value), gasLimit: BigInt(payload.gas) });
  const receipt = await sent.wait();
  if (receipt.status !== 1) {
    fail(`the transaction ${sent.hash} reverted`);
  }
  return `sent ${sent.hash} from ${wallet.address} (block ${receipt.blockNumber})`;
}

const started = Date.now();
const checkout = await api("POST", "/v1/billing/checkout", { plan: sandbox.product, network, payerAccount: sandbox.wallet.address },
  { "Idempotency-Key": `sandbox-buy-${randomUUID()}` });
console.log(`checkout  ${checkout.ledgerId} on ${network}: ${checkout.payload.type}`);
let paid;
if (checkout.payload.type === "redirect") {
  paid = await payOnCard(checkout.payload.url);
} else if (checkout.payload.type === "wallet_transaction") {
  paid = await payWithWallet(checkout.payload);
} else {
  fail(`this script cannot pay a ${checkout.payload.type} payload; see docs/sandbox.md`);
}
console.log(`payment   ${paid}`);
const deadline = Date.now() + 90_000;
while (Date.now() < deadline) {
  const history = await api("GET", "/v1/billing/me/history?limit=50");
  const entry = history.find((payment) => payment.id === checkout.ledgerId);
  if (entry && entry.status !== "pending") {
    if (entry.status !== "confirmed") {
      fail(`payment ${checkout.ledgerId} is ${entry.status}${entry.failureReason ? ": " + entry.failureReason : ""}`);
    }
    console.log(`confirmed ${entry.amount} ${entry.token} on ${network}${entry.txHash ? " tx " + entry.txHash : ""} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
fail(`payment ${checkout.ledgerId} is still pending after 90 s`);
