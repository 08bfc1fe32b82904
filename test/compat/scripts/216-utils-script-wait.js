// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (script.wait blocks the script, then execution continues)
// app: utils
// expect: true
var start = new Date().getTime();
sys.utils.script.wait(200);
var waited = new Date().getTime() - start;
log('waited ' + waited + ' ms');
return waited >= 190;
