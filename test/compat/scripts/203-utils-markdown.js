// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (text.markdownToHtml and text.htmlToMarkdown on a ticket body)
// app: utils
// expect: ["<p><strong>This is sparta</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n","**This is sparta**"]
var ticket = sys.data.createRecord('tickets');
ticket.field('title').val('Docs');
ticket.field('body').val('**This is sparta**\n\n- one\n- two');
var html = sys.utils.text.markdownToHtml(ticket.field('body').val());
log('HTML: ' + html);
var markdown = sys.utils.text.htmlToMarkdown('<strong>This is sparta</strong>');
log('Markdown text: ' + markdown);
return [html, markdown];
