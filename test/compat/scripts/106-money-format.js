// follows: slingr-docs, "Money type" page (format({thousandsSeparator, limitNumberOfDecimals, numberOfDecimals}))
// app: records
// expect: ["total: 1,234,567.89","1234567.891","80000.00"]
var inv = sys.data.createRecord('companies');
inv.field('name').val('Invoice 1');
inv.field('averageSalary').val(1234567.891);
sys.data.save(inv);
inv = sys.data.findById('companies', inv.id());
var out = [];
out.push('total: ' + inv.field('averageSalary').format({
  'thousandsSeparator': true,
  'limitNumberOfDecimals': true,
  'numberOfDecimals': 2
}));
out.push(inv.field('averageSalary').format());
inv.field('averageSalary').val(80000);
out.push(inv.field('averageSalary').format({limitNumberOfDecimals: true}));
return out;
