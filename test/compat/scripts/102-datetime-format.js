// follows: slingr-docs, "Date-time type" page (toMillis() and format(pattern))
// app: records
// expect: {"millis":1484578380000,"text":"01-16-2017 14:53","byDefault":"2017-01-16 14:53","isDate":true}
var company = sys.data.createRecord('companies');
company.field('name').val('Blogpad');
company.field('lastUpdate').val('2017-01-16 14:53');
sys.data.save(company);
company = sys.data.findOne('companies', {name: 'Blogpad'});
return {
  millis: company.field('lastUpdate').toMillis(),
  text: company.field('lastUpdate').format('MM-dd-yyyy HH:mm'),
  byDefault: company.field('lastUpdate').format(),
  isDate: company.field('lastUpdate').val() instanceof Date
};
