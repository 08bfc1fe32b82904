// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (xml.xmlToJson and xml.jsonToXml)
// app: utils
// expect: [{"note":{"to":"Tove","from":"Jani"}},"<note><to>Tove</to><from>Jani</from></note>"]
var xml = '<note><to>Tove</to><from>Jani</from></note>';
var json = sys.utils.xml.xmlToJson(xml);
log('Json: ' + JSON.stringify(json));
var back = sys.utils.xml.jsonToXml({ note: { to: 'Tove', from: 'Jani' } });
log('XML: ' + back);
return [json, back];
