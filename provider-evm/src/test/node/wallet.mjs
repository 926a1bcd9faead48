// An independent check of the EVM provider, with ethers.js instead of web3j.
// Reads one JSON request on standard input and writes one JSON answer on standard output.
//
//   {"command": "verify-typed-data", "typedData": {...eth_signTypedData_v4 document...}, "signature": "0x..."}
//     -> {"signer": "0x...", "digest": "0x..."}      the address that signed, and the EIP-712 digest ethers computes
//   {"command": "send", "rpcUrl": "http://...", "privateKey": "0x...",
//    "payload": {"chainId": "eip155:56", "to": "0x...", "data": "0x...", "value": "123", "gasLimit": "456"}}
//     -> {"hash": "0x...", "status": 1, "from": "0x..."}   the payload signed and sent as a wallet would, after its receipt
import { JsonRpcProvider, Network, TypedDataEncoder, Wallet, verifyTypedData } from "ethers";

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function verify(request) {
  const { domain, types, message } = request.typedData;
  const signedTypes = { ...types };
  delete signedTypes.EIP712Domain;
  return {
    signer: verifyTypedData(domain, signedTypes, message, request.signature).toLowerCase(),
    digest: TypedDataEncoder.hash(domain, signedTypes, message),
  };
}

async function send(request) {
  const payload = request.payload;
  const chainId = BigInt(payload.chainId.replace(/^eip155:/, ""));
  // A plain network of that chain id: ethers' built-in plugins (e.g. Polygon's gas station) would call the internet.
  const network = new Network(`eip155-${chainId}`, chainId);
  const provider = new JsonRpcProvider(request.rpcUrl, network, { staticNetwork: network, cacheTimeout: -1 });
  const wallet = new Wallet(request.privateKey, provider);
  const response = await wallet.sendTransaction({
    to: payload.to,
    data: payload.data,
    value: BigInt(payload.value),
    gasLimit: BigInt(payload.gasLimit),
    chainId,
  });
  const receipt = await response.wait(1, 30_000);
  provider.destroy();
  return { hash: receipt.hash, status: receipt.status, from: receipt.from.toLowerCase() };
}

const request = await readStdin();
const commands = { "verify-typed-data": verify, send };
const command = commands[request.command];
if (!command) {
  console.error(`unknown command '${request.command}'; known: ${Object.keys(commands).join(", ")}`);
  process.exit(2);
}
try {
  process.stdout.write(JSON.stringify(await command(request)) + "\n");
} catch (error) {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
}
