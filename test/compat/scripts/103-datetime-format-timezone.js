// follows: slingr-docs, "Date-time type" page (format(pattern, timeZoneId) with US/Eastern and America/Buenos_Aires)
// app: records
// expect: ["01/16/2017 09:53 AM","2017-01-16 11:53 -0300","2017-07-01 20:00 -04:00"]
var company = sys.data.createRecord('companies');
company.field('name').val('Blogpad');
company.field('lastUpdate').val(new Date(Date.UTC(2017, 0, 16, 14, 53)));
sys.data.save(company);
var out = [];
out.push(company.field('lastUpdate').format('MM/dd/yyyy hh:mm a', 'US/Eastern'));
out.push(company.field('lastUpdate').format('yyyy-MM-dd HH:mm Z', 'America/Buenos_Aires'));
company.field('lastUpdate').val('2017-07-02 00:00');
out.push(company.field('lastUpdate').format('yyyy-MM-dd HH:mm zzzz', 'US/Eastern'));
return out;
