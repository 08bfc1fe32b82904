// follows: slingr-docs, "sys.data" page, createRecord() + fromJson(other.toJson()): a new record copies values, not identity
// app: records
// expect: {"count":2,"original":"Acme","copy":"Acme (copy)","newId":true}
var original = sys.data.createRecord('companies');
original.field('name').val('Acme');
original.field('type').val('a');
sys.data.save(original);
var clone = sys.data.createRecord('companies').fromJson(original.toJson());
clone.field('name').val('Acme (copy)');
sys.data.save(clone);
return {
  count: sys.data.count('companies', {}),
  original: sys.data.findById('companies', original.id()).field('name').val(),
  copy: clone.field('name').val(),
  newId: clone.id() !== original.id()
};
