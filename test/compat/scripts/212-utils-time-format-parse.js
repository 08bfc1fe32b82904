// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (time.format with a pattern and zone, time.parse back)
// app: utils
// expect: ["2020-07-17 13:30 -0300","Fri, 17 Jul 2020 01:30 PM","2020-07-17T16:30:00.000Z",true]
var when = new Date(Date.UTC(2020, 6, 17, 16, 30));
var formattedDate = sys.utils.time.format(when, 'yyyy-MM-dd HH:mm Z', 'America/Buenos_Aires');
log('date formatted is: ' + formattedDate);
var long = sys.utils.time.format(when.getTime(), "EEE, dd MMM yyyy hh:mm a", 'America/Buenos_Aires');
var parsedDate = sys.utils.time.parse('2020-07-17 13:30', 'yyyy-MM-dd HH:mm', 'America/Buenos_Aires');
log('date is: ' + parsedDate);
return [formattedDate, long, parsedDate.toISOString(), parsedDate.getTime() === when.getTime()];
