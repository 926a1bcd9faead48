// Verifies deliveries with the reference Standard Webhooks library, independently of the gateway's signer.
// Usage: node verify-standard-webhooks.mjs <deliveries.json>
//   deliveries.json: {"secret": "whsec_...", "deliveries": [{"headers": {...}, "body": "<raw body>"}]}
// Prints one line per delivery: "ok <webhook-id> <type>" or "invalid <webhook-id> <reason>"; exits 1 if any is invalid.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const webhook = new Webhook(input.secret);
let failures = 0;
for (const delivery of input.deliveries) {
  try {
    const event = webhook.verify(delivery.body, delivery.headers);
    console.log(`ok ${delivery.headers["webhook-id"]} ${event.type}`);
  } catch (error) {
    failures++;
    console.log(`invalid ${delivery.headers["webhook-id"]} ${error.message}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
