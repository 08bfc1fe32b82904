// follows: slingr-docs, "Query language" page (the _globalSearch system parameter, with other filters and _size)
// app: helpdesk
// expect: {"all":3,"open":2,"firstPage":1}
var rows = [['Login fails for Acme', 'open'], ['Acme invoice', 'closed'], ['acme portal slow', 'open'], ['Other', 'open']];
rows.forEach(function (row) {
  var t = sys.data.createRecord('support.tickets');
  t.field('title').val(row[0]);
  t.field('status').val(row[1]);
  sys.data.save(t);
});
var page = sys.data.find('support.tickets', { _globalSearch: 'acme', status: 'open', _size: 1 });
var firstPage = 0;
while (page.hasNext()) {
  page.next();
  firstPage++;
}
return {
  all: sys.data.count('support.tickets', { _globalSearch: 'ACME' }),
  open: sys.data.count('support.tickets', { _globalSearch: 'acme', status: 'open' }),
  firstPage: firstPage
};
