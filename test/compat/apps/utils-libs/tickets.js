// Ticket helpers: module.exports replaced whole, as some Slingr libraries do.
function nextCode() {
  var counter = sys.data.findOne('counters', { name: 'tickets' });
  if (!counter) {
    counter = sys.data.createRecord('counters');
    counter.field('name').val('tickets');
    counter.field('value').val(0);
  }
  counter.field('value').val(counter.field('value').val() + 1);
  sys.data.save(counter);
  return 'TCK-' + app.commons.stringUtils.padLeft(counter.field('value').val(), 4);
}

module.exports = {
  nextCode: nextCode,
};
