/**
 * Accessibility through the web host: axe-core (WCAG 2.1 A and AA rules) on each screen (list,
 * detail, changes, overview, settings, shortcuts), in light
 * and dark, with no serious or critical violation; every button names what it does (an icon
 * button has a label); and the system's "reduce motion" setting stops the dialogs' animations.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { animationsDone, expect, openApp, test } from './desk-fixture'

async function violations(page: Page): Promise<string[]> {
  // Colours are measured as they end up, not halfway through a dialog's fade-in.
  await animationsDone(page)
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')} ${(n.any[0]?.message ?? '').replace(/\s+/g, ' ').slice(0, 140)}`).join(' | ')}`)
}

async function unnamedButtons(page: Page): Promise<string[]> {
  // A string, so this file needs no DOM types (it is compiled for Node).
  return (await page.evaluate(`[...document.querySelectorAll('button, [role="button"]')]
    .filter((b) => b.offsetParent !== null)
    .filter((b) => !(b.getAttribute('aria-label') || b.getAttribute('aria-labelledby') || b.getAttribute('title') || b.textContent.trim()))
    .map((b) => b.outerHTML.slice(0, 160))`)) as string[]
}

test.describe('Accessibility', () => {
  test.describe.configure({ timeout: 180_000 })

  for (const theme of ['light', 'dark'] as const) {
    test(`every screen passes axe's WCAG 2.1 AA rules, ${theme}`, async ({ page, desk }) => {
      await page.emulateMedia({ colorScheme: theme })
      await openApp(page, desk)
      await page.evaluate(async (t) => {
        await fetch('/ipc/ui:set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ theme: t }) })
      }, theme)
      await page.reload()
      await expect(page.getByTestId('plan-row').first()).toBeVisible()
      const found: Record<string, string[]> = {}
      found.list = [...(await violations(page)), ...(await unnamedButtons(page))]

      await page.getByTestId('plan-row').first().click()
      await expect(page.getByTestId('plan-detail')).toBeVisible()
      found.detail = [...(await violations(page)), ...(await unnamedButtons(page))]
      await page.keyboard.press('Escape')

      await page.getByTestId('nav-changes').click()
      await expect(page).toHaveURL(/#\/changes$/)
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden()
      found.changes = [...(await violations(page)), ...(await unnamedButtons(page))]

      await page.keyboard.press('g')
      await page.keyboard.press('o')
      await expect(page).toHaveURL(/#\/overview$/)
      await expect(page.locator('canvas').first()).toBeVisible()
      found.overview = [...(await violations(page)), ...(await unnamedButtons(page))]
      await page.getByTestId('nav-changes').click()
      await expect(page).toHaveURL(/#\/changes$/)

      await page.getByTestId('open-settings').click()
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
      found.settings = [...(await violations(page)), ...(await unnamedButtons(page))]
      await page.keyboard.press('Escape')
      await expect(page).toHaveURL(/#\/changes$/)
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden()

      await page.keyboard.press('?')
      await expect(page.getByTestId('shortcut-help')).toBeVisible()
      found.shortcuts = await violations(page)
      expect(found).toEqual({ list: [], detail: [], changes: [], overview: [], settings: [], shortcuts: [] })
    })
  }

  test('the system’s “reduce motion” is followed: the settings dialog appears without animating; without it, it fades in', async ({ page, desk }) => {
    await openApp(page, desk)
    const longest: Record<string, number> = {}
    for (const motion of ['reduce', 'no-preference'] as const) {
      await page.emulateMedia({ reducedMotion: motion })
      // The longest animation or transition seen over the frames of the next second.
      const watching = page.evaluate(`new Promise((done) => {
        let longest = 0
        const until = performance.now() + 1000
        const look = () => {
          for (const a of document.getAnimations()) longest = Math.max(longest, Number(a.effect?.getComputedTiming().duration) || 0)
          if (performance.now() < until) requestAnimationFrame(look)
          else done(longest)
        }
        requestAnimationFrame(look)
      })`)
      await page.getByTestId('open-settings').click()
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
      longest[motion] = (await watching) as number
      await page.keyboard.press('Escape')
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden()
    }
    expect(longest.reduce).toBeLessThan(1)
    expect(longest['no-preference']).toBeGreaterThan(100)
  })
})
