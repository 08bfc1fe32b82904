// follows: slingr-docs, "Query language" page (globalSearch() of the query builder)
// app: helpdesk
// expect: {"printer":["Printer jammed","Toner low"],"phrase":["Printer jammed"]}
var tickets = [
  ['Printer jammed', 'The office printer eats paper'],
  ['Toner low', 'Order toner for the PRINTER on floor 2'],
  ['VPN down', 'Cannot reach the intranet']
];
tickets.forEach(function (t) {
  var r = sys.data.createRecord('support.tickets');
  r.field('title').val(t[0]);
  r.field('description').val(t[1]);
  sys.data.save(r);
});
function titles(query) {
  var out = [];
  var rs = sys.data.find(query.sortBy('title', 'asc'));
  while (rs.hasNext()) out.push(rs.next().field('title').val());
  return out;
}
return {
  printer: titles(sys.data.createQuery('support.tickets').globalSearch('printer')),
  phrase: titles(sys.data.createQuery('support.tickets').globalSearch('"eats paper"'))
};
