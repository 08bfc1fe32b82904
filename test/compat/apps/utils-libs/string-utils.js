// A shared library of the helpdesk app: scripts reach it as app.commons.stringUtils.
exports.capitalize = function (text) {
  if (!text) return text;
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
};

exports.slug = function (text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
};

exports.padLeft = function (value, size) {
  var s = String(value);
  while (s.length < size) s = '0' + s;
  return s;
};
