/**
 * `plandesk login --server URL --username U` (password from a hidden prompt, or the first line
 * of stdin when piped) or `--token T`. Saves server URL + token in the 0600 session file.
 * The token is printed only with --print-token.
 */
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { OmnitronClient, OmnitronError } from '../omnitron'
import { type GlobalOptions, loadSetup } from './config'
import { CliError, UsageError } from './errors'
import type { CliIo } from './io'

async function readPassword(io: CliIo): Promise<string> {
  if (!io.stdinIsTTY) {
    let data = ''
    for await (const chunk of io.stdin) data += String(chunk)
    return data.split(/\r?\n/)[0] ?? ''
  }
  // A prompt that does not echo what is typed.
  const rl = createInterface({ input: io.stdin, output: io.stderrStream, terminal: true })
  const iface = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream }
  let muted = false
  iface._writeToOutput = (s: string) => {
    if (!muted) iface.output.write(s)
  }
  return new Promise<string>((resolve) => {
    rl.question('Password: ', (answer) => {
      rl.close()
      io.err('\n')
      resolve(answer)
    })
    muted = true
  })
}

export function registerLogin(program: Command, io: CliIo): void {
  program
    .command('login')
    .description('sign in to an Omnitron server for this data folder (the token is kept in a 0600 file there)')
    .option('--server <url>', 'server address, e.g. https://omnitron.example.com')
    .option('--username <name>', 'user name (the password is asked for, or read from stdin)')
    .option('--token <token>', 'use an existing API token instead of a password')
    .option('--print-token', 'print the token after signing in')
    .action(async (o: { server?: string; username?: string; token?: string; printToken?: boolean }) => {
      const setup = loadSetup(io, program.opts<GlobalOptions>())
      const serverUrl = o.server ?? setup.target.serverUrl
      if (!serverUrl) throw new UsageError('login needs --server URL the first time.')
      if (!o.token && !o.username) throw new UsageError('login needs --username NAME or --token TOKEN.')
      let client: OmnitronClient
      try {
        client = new OmnitronClient({ baseUrl: serverUrl, language: setup.settings.get().language })
      } catch (e) {
        throw new UsageError(`--server ${serverUrl}: ${(e as Error).message}`)
      }
      let token: string
      if (o.token) {
        client.setToken(o.token)
        try {
          await client.statuses() // proves the token works before it is saved
        } catch (e) {
          // "Invalid token." here means this token, not a sign-in that expired.
          if (e instanceof OmnitronError && e.kind === 'auth') throw new CliError(`${e.message} Check the token, or sign in with --username.`)
          throw e
        }
        token = o.token
      } else {
        const password = await readPassword(io)
        if (password === '') throw new UsageError('No password given.')
        token = await client.login(o.username!, password)
      }
      // The same files the app reads: this data folder now shows this server.
      // A password sign-in proves whose the token is; a token given as is proves nothing about
      // the user name beside it until the server records that user for a change made with it.
      setup.vault.save({ serverUrl: client.baseUrl, username: o.username ?? '', token, ...(o.token ? {} : { verified: 'password' as const }) })
      setup.settings.update({ mode: 'server', serverUrl: client.baseUrl })
      if (o.token && o.username) {
        io.out(
          `Signed in to ${client.baseUrl} with a token, as ${o.username} (not confirmed yet: the server's record of the first change sent with it says whose it is; until then changes go out one at a time). Token saved in ${setup.vault.file}.\n`,
        )
      } else io.out(`Signed in to ${client.baseUrl}${o.username ? ` as ${o.username}` : ''}. Token saved in ${setup.vault.file}.\n`)
      if (o.printToken) io.out(`${token}\n`)
    })

  program
    .command('logout')
    .description('forget the saved token (the cache stays)')
    .action(() => {
      // The server stays in the settings, so the cache is still found offline.
      loadSetup(io, program.opts<GlobalOptions>()).vault.clear()
      io.out('Signed out.\n')
    })
}
