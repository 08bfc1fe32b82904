// follows: slingr-docs, content/en/dev-reference/scripting/sys-context.md (any() matches the create a listener runs inside; root() the outer script)
// app: utils
// expect: ["script","script"]
var first = sys.data.createRecord('tickets');
first.field('title').val('Keyboard missing keys');
sys.data.save(first);
var second = sys.data.createRecord('tickets');
second.field('title').val('Mouse double clicks');
sys.data.save(second);
return [first.field('createdFrom').val(), sys.data.findById('tickets', second.id()).field('createdFrom').val()];
