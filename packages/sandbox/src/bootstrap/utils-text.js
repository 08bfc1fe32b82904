// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.utils.text and sys.utils.base64: plain JavaScript, no host call (markdown goes to the host).

/** A string argument of `fn`, or a badRequest naming the call. */
function utilsTextArg(fn, name, v) {
  if (typeof v !== 'string') throw badRequest(`${fn}: ${name} must be a string, got ${describe(v)}`);
  return v;
}

/** `#name`, `#name:value` and `#name:a,b` tokens; a name seen twice collects its values. */
function findTokens(text) {
  const src = utilsTextArg('sys.utils.text.findTokens', 'text', text);
  const out = {};
  const re = /(?:^|\s)#([A-Za-z0-9_.-]+)(?::(\S+))?/g;
  for (let m = $exec(re, src); m !== null; m = $exec(re, src)) {
    const name = m[1];
    if (isForbiddenKey(name)) continue;
    const values = m[2] === undefined ? [true] : $split(m[2], ',');
    const had = $hasOwn(out, name) ? out[name] : undefined;
    const list = had === undefined ? [] : $isArray(had) ? had : [had];
    for (let i = 0; i < values.length; i++) if (values[i] !== '') $push(list, values[i]);
    out[name] = list.length === 1 ? list[0] : list;
  }
  return out;
}

/** The value at a dotted path of the model (`contact.company.name`), or undefined. */
function templateValue(model, path) {
  const parts = $split(path, '.');
  let v = model;
  for (let i = 0; i < parts.length; i++) {
    if (v === null || v === undefined || isForbiddenKey(parts[i])) return undefined;
    v = isRecord(v) ? v.field(parts[i]).val() : own(v, parts[i]);
  }
  return isWrapper(v) ? v.val() : v;
}

/**
 * Freemarker's interpolations, the part of it real templates use: `${a.b}`, `${a.b!"default"}`
 * and `${a.b!}`. A missing value without a default is a badRequest, as Freemarker fails on it.
 */
function processTemplate(template, options) {
  const fn = 'sys.utils.text.processTemplate';
  const src = utilsTextArg(fn, 'template', template);
  const model = own(options, 'model') ?? {};
  const out = $replace(src, /\$\{\s*([A-Za-z_$][\w$.]*)\s*(!\s*(?:"([^"]*)"|'([^']*)')?)?\s*\}/g, (...m) => {
    const v = templateValue(model, m[1]);
    if (v === undefined || v === null) {
      if (m[2] !== undefined) return m[3] ?? m[4] ?? '';
      throw badRequest(`${fn}: the template refers to '${m[1]}', which the model does not hold`);
    }
    return typeof v === 'object' ? $JSON_stringify(v) : $String(v);
  });
  return own(options, 'unescapeHtml') === true ? unescapeHtml(out) : out;
}

const HTML_ENTITIES = { __proto__: null, amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function unescapeHtml(text) {
  return $replace(text, /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] !== '#') return HTML_ENTITIES[$toLowerCase(name)] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X'
        ? $parseInt($strSlice(name, 2), 16)
        : $parseInt($strSlice(name, 1), 10);
    return code > 0 && code < 0x110000 ? $fromCodePoint(code) : whole;
  });
}

/** Tags removed, block ends and `<br>` as line breaks, entities decoded. */
function htmlToText(html) {
  let s = utilsTextArg('sys.utils.text.htmlToText', 'html', html);
  s = $replace(s, /<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '');
  s = $replace(s, /<br\s*\/?>/gi, '\n');
  s = $replace(s, /<\/(p|div|li|h[1-6]|tr)>/gi, '\n');
  s = $replace(s, /<[^>]*>/g, '');
  return $trim(unescapeHtml(s));
}

/** Special characters escaped, line breaks as `<br/>`. */
function textToHtml(text) {
  let s = utilsTextArg('sys.utils.text.textToHtml', 'text', text);
  s = $replace(s, /&/g, '&amp;');
  s = $replace(s, /</g, '&lt;');
  s = $replace(s, />/g, '&gt;');
  s = $replace(s, /"/g, '&quot;');
  return $replace(s, /\r?\n/g, '<br/>');
}

/** A record as a line of its label and fields (the form Slingr samples log). */
function recordToString(record) {
  if (!isRecord(record))
    throw badRequest(`sys.utils.text.recordToString: record must be a record, got ${describe(record)}`);
  return `${record.entityName()} ${record.id() ?? '(new)'} ${$JSON_stringify(record.toJson())}`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 bytes of a string, as Slingr's encode takes its text. */
function utf8Bytes(s) {
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    let c = $codePointAt(s, i);
    if (c > 0xffff) i++;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) $push(bytes, c);
    else if (c < 0x800) $push(bytes, 0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) $push(bytes, 0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else $push(bytes, 0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

function base64Encode(text) {
  const b = utf8Bytes(utilsTextArg('sys.utils.base64.encode', 'string', text));
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63];
    out += i + 1 < b.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < b.length ? B64[n & 63] : '=';
  }
  return out;
}

/** Standard or URL-safe base64, padded or not; the bytes read as UTF-8. */
function base64Decode(encoded) {
  const fn = 'sys.utils.base64.decode';
  const s = $replace(utilsTextArg(fn, 'base64String', encoded), /[\s=]+/g, '');
  const bytes = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    let v = $indexOf(B64, s[i]);
    if (v < 0) v = s[i] === '-' ? 62 : s[i] === '_' ? 63 : -1;
    if (v < 0) throw badRequest(`${fn}: base64String holds '${s[i]}', which is not base64`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      $push(bytes, (acc >> bits) & 255);
    }
  }
  return utf8Text(bytes);
}

function utf8Text(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (n === 0 || i + n > bytes.length) {
      out += '\ufffd';
      i++;
      continue;
    }
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let j = 1; j < n; j++) c = (c << 6) | (bytes[i + j] & 63);
    out += $fromCodePoint(c);
    i += n;
  }
  return out;
}
