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
  init [dir]        Write a starter app.json and hello.js into dir (default: .) and print how to run it
  mail              List the mail outbox with each mail's state and local times
      --db FILE, --app FILE, --state STATE, --json, --deliver (deliver what is due first)
  mail retry        Re-queue dead mail, due now (--failed: failed mail instead; --to EMAIL, --id ID)
  jobs              List background jobs, newest first (--status S, --limit N, --json)
  jobs watch <id>   Follow a job with a live progress bar until it ends (exit 1 if it failed)
  users list        List users (--status ACTIVE|INACTIVE|BLOCKED, --json)
  users show <email>            One user's account state (--json)
  users sign-in <email> --password-stdin
                    Sign in with the password read from stdin; prints the session tokens
  users block|activate|deactivate <email>
                    Change the account status (block and deactivate end its sessions)
  users reset <email>           Print a password reset link (--notify also mails it)
  users sweep       Deactivate accounts whose expirationDate has passed
  users create <email> --first-name NAME --last-name NAME [--group G]...
                    Create a user (first group primary); the password is typed at a prompt or
                    piped with --password-stdin, else a link to set one is printed
  users delete <email>          Remove a user, its sessions and credentials
  users set-password <email>    Set the password (prompt, or --password-stdin); checks the group policy
  users groups <email> [--add G]... [--remove G]... [--primary G]
                    Show or change a user's groups
  users import <users.json>     Create the users of a JSON array of {email, firstName, lastName, groups}
      every users command takes --db FILE and --app FILE
  import <entity> <file>        Import a CSV (header of field names) or JSON Lines file, streaming
      --format csv|jsonl (default: by extension), --skip-bad-rows (default: one bad row imports nothing)
      sys.users takes a passwordHash column (bcrypt, argon2, PBKDF2, scrypt), upgraded at first sign-in
  export <entity> <file|->      Export records as CSV or JSON Lines (--format, --query JSON)
  serve             Serve the HTTP API (@warden/server); prints its URL and a first admin's sign-in code
      --port N (default 8080; 0 picks one), --host H (default 127.0.0.1), --admin EMAIL
      (default admin@warden.local, created in group admins), --cors ORIGIN (repeatable)
  help              Show this text

Every command that opens a database refuses one that another application made (tables, none of
Warden's); --adopt-foreign-database adds Warden's tables to it instead.
`;
