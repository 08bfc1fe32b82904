// follows: slingr-docs, "Time type" page (val() reads HH:mm; queries compare HH:mm strings)
// app: records
// expect: {"time":"time: 08:00","later":1,"text":"8:00 AM"}
var hours = {Acme: '08:00', Globex: '10:30'};
for (var name in hours) {
  var company = sys.data.createRecord('companies');
  company.field('name').val(name);
  company.field('openingHours').val(hours[name]);
  sys.data.save(company);
}
var record = sys.data.findOne('companies', {name: 'Acme'});
return {
  time: 'time: ' + record.field('openingHours').val(),
  later: sys.data.count('companies', {openingHours: 'greater(10:00)'}),
  text: record.field('openingHours').format('h:mm a')
};
