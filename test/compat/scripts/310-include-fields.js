// follows: slingr-docs, "Query language" page (_fields / includeFields: only some fields come back, system fields always)
// app: crm
// expect: {"name":"Acme","type":"a","employees":null,"hasId":true,"label":"Acme","builderEmployees":null}
var c = sys.data.createRecord('companies');
c.field('name').val('Acme');
c.field('type').val('a');
c.field('employees').val(40);
sys.data.save(c);
var r = sys.data.findOne('companies', { isCustomer: false, _fields: 'name,type' });
var q = sys.data.createQuery('companies').field('name').equals('Acme').includeFields('name');
var b = sys.data.findOne(q);
return {
  name: r.field('name').val(),
  type: r.field('type').val(),
  employees: r.field('employees').val(),
  hasId: r.id() === c.id(),
  label: r.label(),
  builderEmployees: b.field('employees').val()
};
