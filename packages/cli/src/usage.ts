/** The usage text, printed on `--help` and with every usage error (exit 2). */
export const USAGE = `Usage: warden <command> [options]

Commands:
  run <script.js>   Run a script as one transaction and print its logs and result
      --db FILE         SQLite database (default: ./warden.db)
      --app FILE        App definition JSON (default: ./app.json, else a users-only app)
      --entity NAME     Context entity, used by sys.data.createRecord() without a name
      --as EMAIL        Run as this user (sys.context)
      --param K=V       A script variable (repeatable; V is parsed as JSON when it can be)
      --json            One JSON object per line instead of text
      --timeout MS      Wall-time limit of the run
  init [dir]        Write a starter app.json and hello.js into dir (default: .)
  mail              List the mail outbox with each mail's state
      --db FILE, --app FILE, --state STATE, --json, --deliver (deliver what is due first)
  help              Show this text
`;
