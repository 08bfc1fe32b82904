// follows: slingr-docs, content/en/dev-reference/data-model-and-logic/libraries.md (a library used by a listener and by the script: ticket codes from a shared counter)
// app: utils
// expect: ["TCK-0001","TCK-0002","TCK-0003"]
var codes = [];
var titles = ['Scanner jam', 'VPN down', 'No coffee'];
for (var i = 0; i < titles.length; i++) {
  var ticket = sys.data.createRecord('tickets');
  ticket.field('title').val(titles[i]);
  sys.data.save(ticket);
  codes.push(ticket.field('code').val());
}
return codes;
