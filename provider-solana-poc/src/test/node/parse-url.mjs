// Parses Solana Pay URLs with Solana Pay's own parser (@solana/pay parseURL), for provider-solana-poc's tests.
// Usage: node parse-url.mjs <url>...; prints one JSON line per URL: the parsed fields as strings, or {"error": ...}.
import { parseURL } from '@solana/pay';

for (const url of process.argv.slice(2)) {
    try {
        const fields = parseURL(url);
        process.stdout.write(JSON.stringify({
            recipient: fields.recipient?.toBase58(),
            amount: fields.amount?.toFixed(),
            splToken: fields.splToken?.toBase58(),
            reference: fields.reference?.map(key => key.toBase58()),
            label: fields.label,
            message: fields.message,
            memo: fields.memo,
        }) + '\n');
    }
    catch (error) {
        process.stdout.write(JSON.stringify({ error: error.name + ': ' + error.message }) + '\n');
    }
}
