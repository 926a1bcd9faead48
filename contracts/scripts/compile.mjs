#!/usr/bin/env node
// Compiles contracts/src with the pinned solc-js into contracts/artifacts/<Name>.json.
//
//   node scripts/compile.mjs           write the artifacts (npm run compile)
//   node scripts/compile.mjs --check   compile in memory and fail if the committed artifacts differ
//
// Every artifact carries `sourceHash`: a SHA-256 over the compiler version, the compiler settings and
// every source file the compilation read (ours and OpenZeppelin's), so a stale artifact is detected
// even when only an import changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src');
const artifactDir = join(root, 'artifacts');
const checkOnly = process.argv.includes('--check');

const EXPECTED_SOLC = '0.8.28';
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none' },
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
  },
};

function fail(message) {
  console.error(message);
  process.exit(1);
}

let solc;
try {
  solc = require('solc');
} catch {
  fail('solc is not installed: run `npm ci` in contracts/ first.');
}
const solcVersion = solc.version();
if (!solcVersion.startsWith(`${EXPECTED_SOLC}+`)) {
  fail(`expected solc ${EXPECTED_SOLC} but node_modules has ${solcVersion}: run \`npm ci\` in contracts/.`);
}

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listSources(path);
      return entry.name.endsWith('.sol') ? [path] : [];
    })
    .sort();
}

const unitName = (path) => relative(root, path).split(sep).join('/');
const sources = Object.fromEntries(
  listSources(sourceDir).map((path) => [unitName(path), { content: readFileSync(path, 'utf8') }]),
);

// Everything the compiler reads goes into the hash, imports included.
const readFiles = new Map(Object.entries(sources).map(([name, { content }]) => [name, content]));
function findImports(importPath) {
  const candidates = [join(root, importPath), join(root, 'node_modules', importPath)];
  for (const candidate of candidates) {
    if (existsSync(candidate)) {
      const content = readFileSync(candidate, 'utf8');
      readFiles.set(importPath, content);
      return { contents: content };
    }
  }
  return { error: `import not found: ${importPath}` };
}

const input = { language: 'Solidity', sources, settings: SETTINGS };
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
for (const diagnostic of output.errors ?? []) {
  // OpenZeppelin's own warnings (e.g. its note on transient storage) are not ours to fix.
  const ours = diagnostic.sourceLocation?.file?.startsWith('src/') ?? true;
  if (diagnostic.severity !== 'error' && ours && !checkOnly) console.warn(diagnostic.formattedMessage);
}
if (errors.length > 0) {
  fail(errors.map((error) => error.formattedMessage).join('\n'));
}

const hash = createHash('sha256');
hash.update(`solc ${solcVersion}\n`);
hash.update(`${JSON.stringify(SETTINGS)}\n`);
for (const name of [...readFiles.keys()].sort()) {
  hash.update(`${name}\n`);
  hash.update(readFiles.get(name));
  hash.update('\n');
}
const sourceHash = `sha256:${hash.digest('hex')}`;

// The suite version every module exposes as SUITE_VERSION (src/SuiteVersion.sol), recorded in each artifact so
// that tools can tell suites apart without a node.
const suiteVersionMatch = /uint16 internal constant VERSION = (\d+);/.exec(sources['src/SuiteVersion.sol']?.content ?? '');
if (!suiteVersionMatch) fail('src/SuiteVersion.sol does not declare `uint16 internal constant VERSION = <n>;`');
const suiteVersion = Number(suiteVersionMatch[1]);

// Artifacts for every concrete contract declared in our own sources (interfaces, libraries and
// abstract contracts have no bytecode and are skipped).
const artifacts = new Map();
for (const [sourceName, contracts] of Object.entries(output.contracts)) {
  if (!sourceName.startsWith('src/')) continue;
  for (const [contractName, contract] of Object.entries(contracts)) {
    const bytecode = contract.evm.bytecode.object;
    // Interfaces and abstract contracts have no bytecode; libraries of internal constants have no ABI.
    if (!bytecode || contract.abi.length === 0) continue;
    if (artifacts.has(contractName)) fail(`two contracts are named ${contractName}`);
    const artifact = {
      contractName,
      sourceName,
      compiler: { name: 'solc', version: solcVersion },
      settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion, metadata: SETTINGS.metadata },
      sourceHash,
      suiteVersion,
      abi: contract.abi,
      bytecode: `0x${bytecode}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    };
    artifacts.set(`${contractName}.json`, `${JSON.stringify(artifact, null, 2)}\n`);
  }
}

if (checkOnly) {
  const committed = existsSync(artifactDir)
    ? readdirSync(artifactDir).filter((name) => name.endsWith('.json'))
    : [];
  const problems = [];
  for (const [fileName, content] of artifacts) {
    const path = join(artifactDir, fileName);
    if (!existsSync(path)) problems.push(`missing ${fileName}`);
    else if (readFileSync(path, 'utf8') !== content) problems.push(`stale ${fileName}`);
  }
  for (const fileName of committed) {
    if (!artifacts.has(fileName)) problems.push(`unexpected ${fileName} (no such contract in src/)`);
  }
  if (problems.length > 0) {
    fail(
      `contracts/artifacts do not match contracts/src (${problems.join(', ')}): ` +
        'run `npm run compile` in contracts/ and commit contracts/artifacts.',
    );
  }
  console.log(`contracts/artifacts match the sources (${artifacts.size} contracts, ${sourceHash}).`);
} else {
  rmSync(artifactDir, { recursive: true, force: true });
  mkdirSync(artifactDir, { recursive: true });
  for (const [fileName, content] of artifacts) writeFileSync(join(artifactDir, fileName), content);
  console.log(`wrote ${artifacts.size} artifacts to contracts/artifacts (${sourceHash}).`);
}
