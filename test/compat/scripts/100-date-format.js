// follows: slingr-docs, "Date type" page (format() with the default display options and with a pattern)
// app: records
// expect: ["start date: 2013-06-15","06-15-2013","Saturday, June 15, 2013"]
var company = sys.data.createRecord('companies');
company.field('name').val('Oodoo');
company.field('startDate').val('2013-06-15');
sys.data.save(company);
company = sys.data.findOne('companies', {name: 'Oodoo'});
var out = [];
out.push('start date: ' + company.field('startDate').format());
out.push(company.field('startDate').format('MM-dd-yyyy'));
out.push(company.field('startDate').format('EEEE, MMMM d, yyyy'));
return out;
