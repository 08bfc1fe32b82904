// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.utils, built on its first use (sys.js publishes it as a getter): most runs never touch it.
// Digests, HMAC, JWT signatures, markdown and XML go to the host; the rest is plain JavaScript.

/** A string message; digests hash the UTF-8 bytes of its text. */
const digestOf = (fn, algorithm, message, encoding) => {
  if (typeof message !== 'string')
    throw badRequest(`${fn}: message must be a string, got ${describe(message)}`);
  return call('utils.digest', [algorithm, message, encoding ?? 'HEX']);
};

/** `bits` of a SHA-3 or Keccak digest: 224, 256 (default), 384 or 512. */
function bitsOf(fn, bits) {
  if (bits === undefined || bits === null) return 256;
  if (bits !== 224 && bits !== 256 && bits !== 384 && bits !== 512)
    throw badRequest(`${fn}: bits must be 224, 256, 384 or 512, got ${describe(bits)}`);
  return bits;
}

/** The payload of a JWT, read without checking its signature (`jwt.decodeToken`). */
function decodeToken(token) {
  const fn = 'sys.utils.crypto.jwt.decodeToken';
  if (typeof token !== 'string') throw badRequest(`${fn}: token must be a string, got ${describe(token)}`);
  const parts = $split(token, '.');
  if (parts.length !== 3) throw badRequest(`${fn}: token is not a JWT (three parts separated by dots)`);
  try {
    return $JSON_parse(base64Decode(parts[1]));
  } catch {
    throw badRequest(`${fn}: the token's payload is not base64url JSON`);
  }
}

function hmacOf(fn, message, secret, algorithm, encoding) {
  if (typeof message !== 'string')
    throw badRequest(`${fn}: message must be a string, got ${describe(message)}`);
  if (typeof secret !== 'string' || secret === '')
    throw badRequest(`${fn}: secret must be a non-empty string, got ${describe(secret)}`);
  return call('utils.hmac', [message, secret, algorithm, encoding ?? 'HEX']);
}

/** True when `signature` (hex or base64) is the HMAC of `message`; compared in full, never early. */
function verifyHmac(message, signature, secret, algorithm) {
  const fn = 'sys.utils.crypto.verifySignatureWithHmac';
  if (typeof signature !== 'string')
    throw badRequest(`${fn}: signature must be a string, got ${describe(signature)}`);
  const hex = hmacOf(fn, message, secret, algorithm, 'HEX');
  const b64 = hmacOf(fn, message, secret, algorithm, 'BASE64');
  return sameText($toLowerCase(signature), hex) || sameText(signature, b64);
}

function sameText(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= $charCodeAt(a, i) ^ $charCodeAt(b, i);
  return diff === 0;
}

function keyArg(fn, key) {
  if (typeof key !== 'string' || key === '')
    throw badRequest(`${fn}: key must be a non-empty string, got ${describe(key)}`);
  return key;
}

/** Slingr's `lock(key)`, `lock(key, timeoutMs)`, `lock(key, callback)`, `lock(key, timeoutMs, callback)`. */
function lockKey(key, timeoutOrCallback, callback) {
  const fn = 'sys.utils.concurrency.lock';
  keyArg(fn, key);
  let timeout = null;
  let then = callback;
  if (typeof timeoutOrCallback === 'function') then = timeoutOrCallback;
  else if (timeoutOrCallback !== undefined && timeoutOrCallback !== null) timeout = timeoutOrCallback;
  if (then !== undefined && then !== null && typeof then !== 'function')
    throw badRequest(`${fn}: callback must be a function, got ${describe(then)}`);
  call('utils.lock', [key, timeout, true]);
  if (typeof then !== 'function') return true;
  try {
    return then();
  } finally {
    call('utils.unlock', [key, false]);
  }
}

/** `eval(code, context?)`: the context's keys become the code's variables. */
function evalScript(code, context) {
  const fn = 'sys.utils.script.eval';
  if (typeof code !== 'string')
    throw badRequest(`${fn}: scriptToEval must be a string, got ${describe(code)}`);
  const ctx = context === undefined || context === null ? {} : context;
  if (typeof ctx !== 'object') throw badRequest(`${fn}: context must be an object, got ${describe(context)}`);
  const names = $keys(ctx);
  const values = [];
  for (let i = 0; i < names.length; i++) {
    if (!$test(/^[A-Za-z_$][\w$]*$/, names[i]))
      throw badRequest(`${fn}: context key '${names[i]}' is not a variable name`);
    $push(values, ctx[names[i]]);
  }
  $push(names, `return eval(${$JSON_stringify(code)});`);
  return $apply($construct($Function, names), ctx, values);
}

function buildUtils() {
  const jwt = namespace({
    __proto__: null,
    generate(payload, privateKey, algorithm) {
      const where = 'sys.utils.crypto.jwt.generate';
      return call('utils.jwtGenerate', [
        toPlain(payload, `${where}: payload`),
        keyArg(where, privateKey),
        algorithm ?? 'HS256',
      ]);
    },
    verify: (token, key) => call('utils.jwtVerify', [token, keyArg('sys.utils.crypto.jwt.verify', key)]),
    decodeToken,
    verifySignatureWithHmac: verifyHmac,
  });
  return namespace({
    __proto__: null,
    text: namespace({
      __proto__: null,
      findTokens,
      processTemplate,
      htmlToText,
      textToHtml,
      markdownToHtml: (markdownText) => call('utils.markdownToHtml', [markdownText]),
      htmlToMarkdown: (html) => call('utils.htmlToMarkdown', [html]),
      recordToString,
    }),
    xml: namespace({
      __proto__: null,
      xmlToJson: (xml) => call('utils.xmlToJson', [xml]),
      jsonToXml: (json) => call('utils.jsonToXml', [toPlain(json, 'sys.utils.xml.jsonToXml: json')]),
    }),
    base64: namespace({ __proto__: null, encode: base64Encode, decode: base64Decode }),
    numbers: namespace({
      __proto__: null,
      BigNumber: makeBigNumber(),
      format: formatUtilsNumber,
      getRandomValue: () => call('utils.random', []),
    }),
    crypto: namespace({
      __proto__: null,
      sha1: (message) => digestOf('sys.utils.crypto.sha1', 'sha1', message),
      sha3: (message, bits) =>
        digestOf('sys.utils.crypto.sha3', `sha3-${bitsOf('sys.utils.crypto.sha3', bits)}`, message),
      keccak: (message, bits) =>
        digestOf('sys.utils.crypto.keccak', `keccak-${bitsOf('sys.utils.crypto.keccak', bits)}`, message),
      hashHmac: (message, secret, algorithm, encoding) =>
        hmacOf('sys.utils.crypto.hashHmac', message, secret, algorithm, encoding),
      hs256: (message, secret) => hmacOf('sys.utils.crypto.hs256', message, secret, 'HmacSHA256', 'HEX'),
      verifySignatureWithHmac: verifyHmac,
      jwt,
    }),
    time: namespace({
      __proto__: null,
      getTimeZoneOffset: (timeZoneId, timestamp) =>
        timeZoneOffsetMs(
          'sys.utils.time.getTimeZoneOffset',
          timeZoneId,
          timestamp === undefined || timestamp === null
            ? $now()
            : msOf('sys.utils.time.getTimeZoneOffset', timestamp),
        ),
      setTimeZone(date, timeZoneId) {
        const ms = msOf('sys.utils.time.setTimeZone', date);
        return new $Date(ms + timeZoneOffsetMs('sys.utils.time.setTimeZone', timeZoneId, ms));
      },
      format: formatTime,
      parse: parseTime,
    }),
    concurrency: namespace({
      __proto__: null,
      tryLock: (key, timeout) =>
        call('utils.lock', [keyArg('sys.utils.concurrency.tryLock', key), timeout ?? 0, false]),
      lock: lockKey,
      unlock: (key) => void call('utils.unlock', [keyArg('sys.utils.concurrency.unlock', key), false]),
      forceUnlock: (key) =>
        void call('utils.unlock', [keyArg('sys.utils.concurrency.forceUnlock', key), true]),
    }),
    script: namespace({
      __proto__: null,
      wait: (timeToWait) => void call('utils.wait', [timeToWait]),
      eval: evalScript,
    }),
  });
}

/** Freezes the prototypes of a namespace's plain functions, all the way down (namespace() froze the rest). */
function freezePrototypes(ns) {
  const keys = $keys(ns);
  for (let i = 0; i < keys.length; i++) {
    const v = ns[keys[i]];
    if (typeof v === 'function' && $hasOwn(v, 'prototype') && !$isFrozen(v.prototype)) $freeze(v.prototype);
    else if (v !== null && typeof v === 'object') freezePrototypes(v);
  }
  return ns;
}

/** sys.utils, built once per context on its first use. */
let utilsBuilt = null;
const utilsApi = () => {
  if (utilsBuilt === null) utilsBuilt = freezePrototypes(buildUtils());
  return utilsBuilt;
};
