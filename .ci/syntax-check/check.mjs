#!/usr/bin/env node
// Parses every *.ps1, *.psm1 and *.psd1 file under a root directory with the
// tree-sitter PowerShell grammar (WebAssembly build, no native code).
//
// Usage: node check.mjs [ROOT]        (ROOT defaults to the current directory)
// Prints one line per file, sorted by path relative to ROOT:
//   ok PATH
//   SYNTAX ERROR PATH:LINE:COL        (1-based position of the first error node)
// Exit status: 0 when every file parses cleanly, 1 when any file has a syntax
// error, 2 on a usage or setup problem.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const EXTENSIONS = new Set(['.ps1', '.psm1', '.psd1']);
const SKIP_DIRS = new Set(['node_modules', 'bin', 'obj', '.git']);

function grammarWasmPath() {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('tree-sitter-powershell/package.json'));
  return join(pkgDir, 'tree-sitter-powershell.wasm');
}

function extensionOf(name) {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

function collectFiles(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) collectFiles(full, out);
    } else if (entry.isFile() && EXTENSIONS.has(extensionOf(entry.name))) {
      out.push(full);
    }
  }
  return out;
}

// Innermost-first ERROR or MISSING node in document order (an ERROR node that
// spans a whole block is less helpful than the nested one where parsing broke);
// descends only into subtrees that contain an error.
function firstErrorNode(node) {
  for (const child of node.children) {
    if (child && (child.hasError || child.isError || child.isMissing)) {
      const found = firstErrorNode(child);
      if (found) return found;
    }
  }
  return node.isError || node.isMissing ? node : null;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length > 1 || args.some((a) => a === '-h' || a === '--help')) {
    console.error('usage: node check.mjs [ROOT]');
    return 2;
  }
  const root = resolve(args[0] ?? '.');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`syntax-check: not a directory: ${root}`);
    return 2;
  }

  await Parser.init();
  const language = await Language.load(grammarWasmPath());
  const parser = new Parser();
  parser.setLanguage(language);

  const files = collectFiles(root, []).sort();
  let failed = 0;
  for (const file of files) {
    const shown = relative(root, file).split(sep).join('/');
    let text = readFileSync(file, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
    const tree = parser.parse(text);
    if (tree === null) {
      failed++;
      console.log(`SYNTAX ERROR ${shown}:1:1`);
      continue;
    }
    if (tree.rootNode.hasError) {
      failed++;
      const bad = firstErrorNode(tree.rootNode) ?? tree.rootNode;
      const { row, column } = bad.startPosition;
      console.log(`SYNTAX ERROR ${shown}:${row + 1}:${column + 1}`);
    } else {
      console.log(`ok ${shown}`);
    }
    tree.delete();
  }
  parser.delete();
  console.log(`syntax-check: ${files.length} file(s) checked, ${failed} with syntax errors`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`syntax-check: ${err?.stack ?? err}`); process.exitCode = 2; },
);
