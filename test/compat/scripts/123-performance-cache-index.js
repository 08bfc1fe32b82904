// follows: slingr-stack/performance-package, scripts/cache.js (loadCache indexes records by id, label and field values; extractKeyValue reads relationship ids)
// app: records
// expect: {"byCompany":2,"byLabel":"Smith","byId":true}
var acme = sys.data.createRecord('companies');
acme.field('name').val('Acme');
sys.data.save(acme);
['Smith', 'Jones'].forEach(function (last) {
  var c = sys.data.createRecord('contacts');
  c.field('lastName').val(last);
  c.field('company').val(acme);
  sys.data.save(c);
});
var extractKeyValue = function (value) {
  if (typeof value == 'object' && value.id) return value.id;
  return value;
};
var cache = {items: [], indexes: {}};
var indexes = ['id', 'label', 'company'];
var records = sys.data.find('contacts', {});
while (records.hasNext()) {
  var record = records.next();
  cache.items.push(record);
  indexes.forEach(function (index) {
    if (!cache.indexes[index]) cache.indexes[index] = {};
    var value;
    switch (index) {
      case 'id': value = record.id(); break;
      case 'label': value = record.label(); break;
      default: value = record.field(index).val();
    }
    value = extractKeyValue(value);
    if (!cache.indexes[index][value]) cache.indexes[index][value] = [];
    cache.indexes[index][value].push(record);
  });
}
var smith = cache.indexes.label.Smith[0];
return {
  byCompany: cache.indexes.company[acme.id()].length,
  byLabel: smith.field('lastName').val(),
  byId: cache.indexes.id[smith.id()][0] === smith
};
