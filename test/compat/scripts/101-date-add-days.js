// follows: slingr-docs, "Date type" page (addDays(numberOfDays) moves the date and returns the wrapper)
// app: records
// expect: ["2016-02-28","2016-03-01","2016-02-27"]
var company = sys.data.createRecord('companies');
company.field('name').val('Oodoo');
company.field('startDate').val('2016-02-28');
sys.data.save(company);
company = sys.data.findOne('companies', {name: 'Oodoo'});
var before = company.field('startDate').format();
company.field('startDate').addDays(2);
sys.data.save(company);
var after = sys.data.findById('companies', company.id()).field('startDate').format();
var back = company.field('startDate').addDays(-3).format();
return [before, after, back];
