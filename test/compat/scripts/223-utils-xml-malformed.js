// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (xml.xmlToJson on text that is not XML, caught as a ScriptException)
// app: utils
// expect: ["badRequest",true]
try {
  sys.utils.xml.xmlToJson('<note><to>Tove</from></note>');
  return 'parsed';
} catch (e) {
  sys.logs.warn('Cannot parse XML: ' + sys.exceptions.getMessage(e), e);
  return [sys.exceptions.getCode(e), e.message().indexOf('sys.utils.xml.xmlToJson') === 0];
}
