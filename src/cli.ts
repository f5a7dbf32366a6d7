/** `gongzhi <command>`: commands an operator runs next to the server. */
const usage = `Usage: gongzhi <command>

  start                          start the server (same as npm start)
  tally <file.json> [--lang en]  count a vote offline and print the result with its explanation
  api-key create --name NAME     issue an Open311 api_key and print it
  help                           this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await import('./main.ts');
      return 0;
    case 'tally': {
      const { runTallyCli } = await import('./modules/decisions/tally/cli.ts');
      return runTallyCli(rest, process.stdout, process.stderr);
    }
    case 'api-key': {
      const { runApiKeyCli } = await import('./modules/open311/cli.ts');
      return runApiKeyCli(rest, process.stdout, process.stderr);
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${usage}`);
      return 2;
  }
}
