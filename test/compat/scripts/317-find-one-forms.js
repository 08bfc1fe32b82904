// follows: slingr-docs, "sys.data" page (findOne with a query map, with a query builder, first in sort order, null when none)
// app: crm
// expect: ["Zeta","Alpha","Beta",null]
['Beta', 'Alpha', 'Zeta'].forEach(function (name) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(name);
  sys.data.save(c);
});
var newest = sys.data.findOne('companies', {});
var first = sys.data.findOne('companies', { _sortField: 'name', _sortType: 'asc' });
var beta = sys.data.findOne(sys.data.createQuery('companies').field('name').like('bet'));
var none = sys.data.findOne('companies', { name: 'Nobody' });
return [newest.field('name').val(), first.field('name').val(), beta.field('name').val(), none];
