// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (time.getTimeZoneOffset in hours, time.setTimeZone on a date)
// app: utils
// expect: [-3,-4,-5,"2020-07-17T13:30:00.000Z"]
var offset = sys.utils.time.getTimeZoneOffset('America/Buenos_Aires');
log('offset in hours: ' + offset / 1000 / 60 / 60);
var summer = sys.utils.time.getTimeZoneOffset('US/Eastern', new Date(Date.UTC(2020, 6, 1)));
var winter = sys.utils.time.getTimeZoneOffset('US/Eastern', Date.UTC(2020, 0, 1));
var dateWithOffset = sys.utils.time.setTimeZone(new Date(Date.UTC(2020, 6, 17, 16, 30)), 'America/Buenos_Aires');
log('date modified: ' + dateWithOffset);
return [offset / 3600000, summer / 3600000, winter / 3600000, dateWithOffset.toISOString()];
