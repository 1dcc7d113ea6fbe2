/** POST /api/v1/auth/login/ → {key}; DRF's ObtainAuthToken error shapes. */
import { DEMO_USER, INTEGRATION_USER_PK } from '../data/reference'
import { HttpError, readJsonObject } from '../http'
import { jsonReply, type Reply, type RouteContext } from './context'

/** Every generated staff account shares the demo password, so tests can log in as "another user". */
export const DEMO_PASSWORD = DEMO_USER.password

export async function login(ctx: RouteContext): Promise<Reply> {
  const body = await readJsonObject(ctx.req)
  const errors: Record<string, string[]> = {}
  for (const field of ['username', 'password'] as const) {
    const v = body[field]
    if (v === undefined || v === null) errors[field] = ['This field is required.']
    else if (typeof v !== 'string') errors[field] = ['Not a valid string.']
    else if (v === '') errors[field] = ['This field may not be blank.']
  }
  if (Object.keys(errors).length) throw new HttpError(400, { ...errors, code: 'required' })
  const username = body.username as string
  const pk = ctx.state.userPkByName(username)
  // The integration user is a service account without a password login.
  if (pk === undefined || pk === INTEGRATION_USER_PK || body.password !== DEMO_PASSWORD) {
    throw new HttpError(400, { non_field_errors: ['Unable to log in with provided credentials.'], code: 'authorization' })
  }
  return jsonReply(200, { key: ctx.auth.issue({ pk, username }) })
}
