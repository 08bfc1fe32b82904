// follows: slingr-docs, content/en/dev-reference/scripting/sys-context.md (root() and any() context checks in a script that is no entity operation)
// app: utils
// expect: [false,false,false,false]
var inCreate = sys.context.root().entity('tickets').create().check();
var anyUpdate = sys.context.any().entity('tickets').update().with({ recordId: '123' }).check();
var inListener = sys.context.any().listener('ticketDefaults').check();
var userCreate = sys.context.any().users().create().check();
return [inCreate, anyUpdate, inListener, userCreate];
