#!/usr/bin/env node
// postinstall of @warden/sandbox: applies patches/isolated-vm@5.0.4.patch to the isolated-vm this
// package resolves and rebuilds the addon, so that an npm-installed Warden runs the same engine as
// the repository (pnpm applies the patch there through patchedDependencies, which never reaches a
// consumer). The patch holds unhandled promise rejections strongly (without it a GC can lose one and
// a run that should fail succeeds) and makes host calls cheaper.
//
// Idempotent: an already patched copy (the workspace's, or a second install) is left alone.
// WARDEN_SKIP_ISOLATED_VM_PATCH=1 skips it: the runtime works on the stock addon, with the two costs
// above (docs/architecture.md, "Installing from the registry").
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const say = (text) => console.log(`@warden/sandbox: ${text}`);
const PATCH = join(dirname(fileURLToPath(import.meta.url)), '..', 'patches', 'isolated-vm@5.0.4.patch');
// A line the patch removes: present only in an unpatched copy.
const UNPATCHED = {
  file: 'src/isolate/environment.cc',
  text: 'unhandled_promise_rejections.back().SetWeak();',
};

/** `{file, hunks: [{before, after}]}` per file of a unified diff (a/ and b/ paths, no renames). */
export function parsePatch(text) {
  const files = [];
  let hunk = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      files.push({ file: line.split(' b/')[1], hunks: [] });
      hunk = null;
    } else if (line.startsWith('@@')) {
      hunk = { before: [], after: [] };
      files.at(-1).hunks.push(hunk);
    } else if (hunk && !line.startsWith('---') && !line.startsWith('+++')) {
      const body = line.slice(1);
      if (line[0] === ' ' || line[0] === '-') hunk.before.push(body);
      if (line[0] === ' ' || line[0] === '+') hunk.after.push(body);
    }
  }
  return files;
}

/** The patched text of one file; throws when a hunk's context is not found exactly once. */
export function applyHunks(source, hunks, file) {
  let text = source;
  for (const { before, after } of hunks) {
    const old = before.join('\n');
    const at = text.indexOf(old);
    if (at < 0 || text.indexOf(old, at + 1) >= 0) throw new Error(`the patch does not apply to ${file}`);
    text = text.slice(0, at) + after.join('\n') + text.slice(at + old.length);
  }
  return text;
}

function main() {
  if (process.env.WARDEN_SKIP_ISOLATED_VM_PATCH)
    return say('WARDEN_SKIP_ISOLATED_VM_PATCH is set; stock isolated-vm');
  const require = createRequire(import.meta.url);
  let dir;
  try {
    dir = dirname(require.resolve('isolated-vm/package.json'));
  } catch {
    return say('isolated-vm is not installed yet; nothing to patch');
  }
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (version !== '5.0.4') return say(`isolated-vm ${version} is not 5.0.4; left unpatched`);
  if (!readFileSync(join(dir, UNPATCHED.file), 'utf8').includes(UNPATCHED.text)) return; // already patched
  const patched = parsePatch(readFileSync(PATCH, 'utf8')).map(({ file, hunks }) => ({
    file,
    text: applyHunks(readFileSync(join(dir, file), 'utf8'), hunks, file),
  }));
  for (const { file, text } of patched) writeFileSync(join(dir, file), text);
  // npm hands lifecycle scripts its bundled node-gyp; otherwise the one on the PATH.
  const gyp = process.env.npm_config_node_gyp;
  const [cmd, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
  say('patched isolated-vm 5.0.4; rebuilding the addon (a minute or two)');
  const started = Date.now();
  for (const step of [['rebuild', '--release', '-j', 'max'], ['clean']]) {
    const r = spawnSync(cmd, [...args, ...step], { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(
        '@warden/sandbox: rebuilding isolated-vm failed (it needs python3, make and a C++ compiler).\n' +
          'Install them and reinstall, or set WARDEN_SKIP_ISOLATED_VM_PATCH=1 to use the stock addon.',
      );
      process.exit(1);
    }
  }
  say(`rebuilt isolated-vm in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
