// Before a ticket is created: a code from the shared library, and where it was created from.
if (!record.field('code').val()) {
  record.field('code').val(app.helpdesk.tickets.nextCode());
}
if (sys.context.any().entity('tickets').create().check()) {
  record
    .field('createdFrom')
    .val(sys.context.root().entity('tickets').create().check() ? 'hook-root' : 'script');
}
