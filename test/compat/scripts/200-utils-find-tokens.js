// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (text.findTokens on a message with #tokens)
// app: utils
// expect: {"project":["test1","test2"],"assignee":"admin","watchers":["user1","user2"],"important":true}
var message = '#project:test1\n#assignee:admin\n#watchers:user1,user2\n#important\n\n' +
  'The export button fails for big files.\n\nAlso related to #project:test2';
var tokens = sys.utils.text.findTokens(message);
log('tokens: ' + JSON.stringify(tokens));
return tokens;
