// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (text.htmlToText and text.textToHtml)
// app: utils
// expect: ["This is sparta & more","line one<br/>a &lt; b"]
var html = '<strong>This is sparta</strong> &amp; more';
var text = sys.utils.text.htmlToText(html);
log('Text: ' + text);
var back = sys.utils.text.textToHtml('line one\na < b');
log('HTML: ' + back);
return [text, back];
