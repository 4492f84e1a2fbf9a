"""The `partnering-engine` command line: scheduling and matching on JSON/CSV/.dzn files."""
