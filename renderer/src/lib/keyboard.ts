/**
 * The workspace's keyboard, for staff who review dozens of plans an hour without the mouse:
 *
 *   /            search                    ?        this list (the help overlay)
 *   ↓ / j        next plan                 ↑ / k    previous plan
 *   Enter        open the selected plan    Esc      close (Element Plus's drawer and dialogs)
 *   Space        check for a bulk decision (Shift: a range)
 *   a / r / s    on an open plan: approve, reject, or choose any status (each asks to confirm;
 *                Enter confirms at once, and the next plan of the list opens)
 *   g p, g c, g o, g s   go to plans, changes, overview, settings
 *
 * And the mouse: a click opens a plan; Ctrl-click (⌘ on a Mac) or its check box checks it for a
 * bulk decision, Shift-click checks a range.
 *
 * With a plan open, j/k move the detail to the next or previous plan of the list, so a reviewer
 * goes through the list deciding as they go. Keys typed into a field, or while a dialog is open,
 * belong to that field or dialog.
 */
import type { PlanStatus } from '../../../preload/contract'

/**
 * Shortcuts, in the order the help overlay lists them. `keys` are shown, not parsed ("click" is
 * the mouse's, in the person's language); `join` says how they go together (default: either).
 */
export const SHORTCUTS: ReadonlyArray<{ keys: readonly string[]; action: string; join?: 'then' | 'plus' }> = [
  { keys: ['/'], action: 'search' },
  { keys: ['↓', 'j'], action: 'next' },
  { keys: ['↑', 'k'], action: 'previous' },
  { keys: ['Enter'], action: 'open' },
  { keys: ['Esc'], action: 'close' },
  { keys: ['Space'], action: 'check' },
  { keys: ['a'], action: 'approve' },
  { keys: ['r'], action: 'reject' },
  { keys: ['s'], action: 'status' },
  { keys: ['g', 'p'], action: 'goPlans', join: 'then' },
  { keys: ['g', 'c'], action: 'goChanges', join: 'then' },
  { keys: ['g', 'o'], action: 'goOverview', join: 'then' },
  { keys: ['g', 's'], action: 'goSettings', join: 'then' },
  { keys: ['?'], action: 'help' },
  { keys: ['click'], action: 'clickOpen' },
  { keys: ['Ctrl', 'click'], action: 'clickCheck', join: 'plus' },
  { keys: ['Shift', 'click'], action: 'clickRange', join: 'plus' },
]

/** The decisions a single key proposes on an open plan (always through the confirmation). */
export const DECISION_KEYS: Readonly<Record<string, PlanStatus>> = { a: 'approved', r: 'rejected' }

/** Where `g <key>` goes. */
export const JUMPS: Readonly<Record<string, 'plans' | 'changes' | 'overview' | 'settings'>> = { p: 'plans', c: 'changes', o: 'overview', s: 'settings' }

/** How long after `g` the second key counts. */
export const CHORD_MS = 1500

export type KeyCommand =
  | { kind: 'search' }
  | { kind: 'help' }
  | { kind: 'move'; by: 1 | -1 }
  | { kind: 'open' }
  | { kind: 'check'; range: boolean }
  | { kind: 'decide'; status: PlanStatus }
  | { kind: 'chooseStatus' }
  | { kind: 'jump'; to: (typeof JUMPS)[string] }

export interface KeyContext {
  /** A text field, select or editable element has the focus. */
  typing: boolean
  /** A dialog or the help overlay is open (a drawer is not a dialog here). */
  dialogOpen: boolean
  /** A plan's detail is open. */
  detailOpen: boolean
  /** The focus is on a button or a checkbox, where Space and Enter already mean something. */
  onControl: boolean
}

/**
 * Reads key presses into commands. Pure apart from the pending `g`, so it is tested without a
 * browser; App.vue carries the commands out.
 */
export function createKeyReader(now: () => number = () => Date.now()) {
  let chordSince: number | null = null

  return function read(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>, ctx: KeyContext): KeyCommand | null {
    if (e.ctrlKey || e.metaKey || e.altKey) return null
    if (ctx.typing || ctx.dialogOpen) {
      chordSince = null
      return null
    }
    const chord = chordSince !== null && now() - chordSince <= CHORD_MS
    chordSince = null
    if (chord && JUMPS[e.key]) return { kind: 'jump', to: JUMPS[e.key] }
    switch (e.key) {
      case 'g':
        chordSince = now()
        return null
      case '/':
        return { kind: 'search' }
      case '?':
        return { kind: 'help' }
      case 'ArrowDown':
      case 'j':
        return { kind: 'move', by: 1 }
      case 'ArrowUp':
      case 'k':
        return { kind: 'move', by: -1 }
      case 'Enter':
        return ctx.detailOpen || ctx.onControl ? null : { kind: 'open' }
      case ' ':
        return ctx.detailOpen || ctx.onControl ? null : { kind: 'check', range: e.shiftKey }
      case 's':
        return ctx.detailOpen ? { kind: 'chooseStatus' } : null
      default:
        return ctx.detailOpen && DECISION_KEYS[e.key] ? { kind: 'decide', status: DECISION_KEYS[e.key] } : null
    }
  }
}

/** Whether the element takes typed characters (so a letter is text, not a shortcut). */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false
  const h = el as HTMLElement
  if (h.isContentEditable) return true
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true
  if (el.tagName !== 'INPUT') return false
  const type = (el as HTMLInputElement).type
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type)
}
