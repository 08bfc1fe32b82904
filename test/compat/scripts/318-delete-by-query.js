// follows: slingr-notes, "Use sys.data.delete() to remove records with a query" (delete with a query map and with a builder)
// app: crm
// expect: {"left":1,"names":["Keep"]}
['Old 1', 'Old 2', 'Keep', 'Old 3'].forEach(function (name) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(name);
  c.field('type').val(name === 'Keep' ? 'a' : 'c');
  sys.data.save(c);
});
sys.data.delete('companies', { type: 'c', name: 'like(/old)', _size: 1 });
sys.data.delete(sys.data.createQuery('companies').field('type').equals('c'));
var names = [];
var rs = sys.data.find('companies', {});
while (rs.hasNext()) names.push(rs.next().field('name').val());
return { left: sys.data.count('companies'), names: names };
