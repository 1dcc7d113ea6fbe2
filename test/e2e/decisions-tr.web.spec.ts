/**
 * The whole decision flow in Turkish: the connection named, a change waiting and applied, a
 * refusal translated (the server's English one click away), a conflict, the bulk confirmation,
 * and no English text left on screen along the way.
 */
import type { Page } from '@playwright/test'
import { changeStatus, choose, closeDetail, expect, openApp, openPlan, outboxItem, plansIn, simAdmin, testTr as test } from './desk-fixture'

const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png` })

/** English words and phrases of PlanDesk's own interface; none may show in the Turkish UI. */
const ENGLISH = [
  'Waiting', 'Changes', 'Retry', 'Discard', 'Apply mine', 'Sync now', 'Synced', 'Settings', 'Applied', 'Failed', 'Conflict',
  'attempt', 'Can’t reach', 'You’re offline', 'Sign in', 'Details', 'payment plan', 'Payment plan', 'Change status', 'Items',
  'Customer', 'Refund', 'Cancel', 'Demo data', 'Approved', 'Rejected', 'Completed', 'Choose', 'Decide', 'On the server',
  'Your change', 'Marked', 'waiting to sync', 'Waiting to sync', 'Status', 'Search', 'selected', 'The server', 'No data', 'Close',
]

async function expectNoEnglish(page: Page, where: string): Promise<void> {
  const text = await page.locator('body').innerText()
  const found = ENGLISH.filter((w) => text.includes(w))
  expect(found, `English on screen (${where})`).toEqual([])
}

async function setLanguage(page: Page, from: 'Save' | 'Kaydet', to: 'Türkçe' | 'English'): Promise<void> {
  await page.getByTestId('open-settings').click()
  const dialog = page.getByRole('dialog').filter({ visible: true })
  await choose(page, dialog.locator('.el-select').first(), to)
  await dialog.getByRole('button', { name: from }).click()
  await expect(dialog).toBeHidden()
}

test.describe.configure({ timeout: 150_000 })

test('the decision flow in Turkish, from the status change to the conflict', async ({ page, deskTr, consoleProblems }) => {
  const sim = simAdmin(deskTr)
  await openApp(page, deskTr)
  await setLanguage(page, 'Save', 'Türkçe')
  await expect(page.getByTestId('demo-banner')).toContainText('Demo verisi')
  await expect(page.getByTestId('result-count')).toHaveText('1.200 plan')
  await expect(page.getByTestId('outbox-badge')).toContainText('hepsi gönderildi')
  await expectNoEnglish(page, 'plans list')

  const [w1, w2, w3] = await plansIn(page, ['waiting'])
  const [done] = await plansIn(page, ['completed'])

  // The server goes away: named in Turkish.
  await sim.away()
  await page.getByTestId('connection-state').click()
  await expect(page.getByTestId('connection-state')).toHaveText('Sunucuya ulaşılamıyor')
  await expect(page.getByTestId('connection-hint')).toContainText('Önbellekteki her şey aranabilir')

  // A status change: confirmation, marker, Changes view — all in Turkish.
  await openPlan(page, w1.pk)
  await expect(page.getByTestId('plan-detail')).toContainText('Karar')
  const asked = await changeStatus(page, 'Onaylandı', 'Durumu değiştir')
  expect(asked.trim()).toBe(`Plan ${w1.pk}, “Bekliyor” durumundan “Onaylandı” durumuna geçirilsin mi?`)
  const detail = page.getByTestId('plan-detail')
  await expect(detail.getByTestId('detail-status')).toHaveText('Onaylandı')
  await expect(detail.getByTestId('pending-marker')).toHaveText(/Eşitlenmeyi bekliyor/)
  await expect(detail.getByTestId('server-status')).toContainText('sunucuda hâlâ “Bekliyor”')
  await expectNoEnglish(page, 'plan detail')
  await page.screenshot(shot('tr-detail-pending'))
  await detail.getByTestId('payment-plan-open').click()
  const payment = page.getByTestId('payment-plan-dialog')
  await expect(payment).toContainText('Ödeme planı')
  await expect(payment).toContainText('İşlem türü')
  await expectNoEnglish(page, 'payment plan dialog')
  await payment.getByRole('button', { name: 'İptal' }).click()
  await closeDetail(page)

  await expect(page.getByTestId('outbox-badge')).toContainText('1 bekliyor')
  await page.getByTestId('outbox-badge').click()
  const item = outboxItem(page, w1.pk)
  await expect(item.getByTestId('outbox-state')).toHaveText('Bekliyor')
  await expect(item.getByTestId('outbox-asked')).toHaveText('Durum → Onaylandı')
  await expect(item).toContainText('Sunucuya ulaşılamıyor')
  await expect(item.getByTestId('outbox-retry')).toHaveText('Şimdi yeniden dene')
  await expectNoEnglish(page, 'Changes view, waiting')
  await page.screenshot(shot('tr-changes-waiting'))
  await sim.back()
  await expect(item.getByTestId('outbox-state')).toHaveText('Uygulandı', { timeout: 60_000 })
  await expect(item).toContainText('Sunucu durumu “Onaylandı” yaptı.')
  await expect(page.getByTestId('connection-state')).toHaveText('Çevrimiçi')

  // A refusal: translated, with the server's own words under "Ayrıntılar".
  await openPlan(page, done.pk)
  await changeStatus(page, 'Onaylandı', 'Durumu değiştir')
  await expect(detail.getByTestId('pending-marker')).toHaveText(/Sunucu reddetti/, { timeout: 20_000 })
  // The plan keeps the server's status, the refusal's words beside it.
  await expect(detail.getByTestId('detail-status')).toHaveText('Tamamlandı')
  await expect(detail.getByTestId('detail-refusal')).toContainText('Sunucu reddetti: “Onaylandı”.')
  await expect(detail.getByTestId('detail-refusal').getByTestId('message-text')).toHaveText('Plan zaten “Tamamlandı”, yani son durumda: artık değiştirilemez.')
  await expectNoEnglish(page, 'plan detail, refused')
  await page.screenshot(shot('tr-detail-refused'))
  await page.getByTestId('plan-changes-open').click()
  const refused = outboxItem(page, done.pk)
  await expect(refused.getByTestId('outbox-state')).toHaveText('Başarısız')
  await expect(refused.getByTestId('outbox-refusal')).toContainText('Sunucu bu değişikliği reddetti:')
  await expect(refused.getByTestId('message-text')).toHaveText('Plan zaten “Tamamlandı”, yani son durumda: artık değiştirilemez.')
  await expectNoEnglish(page, 'Changes view, failed')
  await refused.getByTestId('message-details-toggle').click()
  await expect(refused.getByTestId('message-details-toggle')).toHaveText('Ayrıntıları gizle')
  await expect(refused.getByTestId('message-details')).toHaveText('Cancellation plan in final status "completed" cannot be changed.')
  await page.screenshot(shot('tr-changes-failed'))
  await refused.getByTestId('outbox-discard').click()
  await page.locator('.el-popconfirm:visible').getByRole('button', { name: 'Vazgeç' }).click()
  await expect(refused.getByTestId('outbox-state')).toHaveText('Vazgeçildi')

  // A conflict: both sides and both choices in Turkish.
  await sim.updatePlan(w2.pk, { status: 'rejected' })
  await openPlan(page, w2.pk)
  await changeStatus(page, 'Onaylandı', 'Durumu değiştir')
  await expect(detail.getByTestId('pending-marker')).toHaveText(/Çakışma/, { timeout: 20_000 })
  await page.getByTestId('plan-changes-open').click()
  const conflict = outboxItem(page, w2.pk)
  await expect(conflict.getByTestId('outbox-state')).toHaveText('Çakışma')
  await expect(conflict.getByTestId('conflict-who')).toHaveText(/^Kerem Aydemir, siz bu değişikliği burada yaptıktan sonra, .+ tarihinde planı sunucuda değiştirdi\. Karşılaştırın, sonra seçin\.$/)
  await expect(conflict.getByTestId('conflict-compare')).toContainText('Şu an sunucuda')
  await expect(conflict.getByTestId('conflict-compare')).toContainText('Sizin değişikliğiniz')
  await expect(conflict.getByTestId('conflict-server-status')).toHaveText('Reddedildi')
  await expect(conflict.getByTestId('conflict-mine')).toHaveText('Yine de benimkini uygula')
  await expect(conflict.getByTestId('conflict-theirs')).toHaveText('Benimkinden vazgeç')
  await expect(page.getByTestId('outbox-badge')).toContainText('1 çakışma')
  await expectNoEnglish(page, 'Changes view, conflict')
  await page.screenshot(shot('tr-conflict'))
  await conflict.getByTestId('conflict-theirs').click()
  await expect(conflict.getByTestId('outbox-state')).toHaveText('Vazgeçildi')
  await expect(conflict).toContainText('Vazgeçildi: sunucudaki hâli korundu.')

  // The bulk confirmation (cancelled).
  await page.getByTestId('nav-plans').click()
  await page.getByTestId('search-input').fill('')
  await page.locator(`[data-testid="bulk-select"][data-pk="${w3.pk}"]`).click()
  await page.getByTestId('search-input').fill(String(w1.pk))
  await page.locator(`[data-testid="bulk-select"][data-pk="${w1.pk}"]`).click()
  await expect(page.getByTestId('bulk-count')).toHaveText('2 plan seçildi')
  await choose(page, page.getByTestId('bulk-status-select'), 'İptal edildi')
  await page.getByTestId('bulk-apply').click()
  const confirm = page.getByTestId('confirm-dialog').filter({ visible: true })
  await expect(confirm.getByTestId('bulk-scope-total')).toHaveText('2 plan seçildi; şu an gösterdikleri duruma göre:')
  await expect(confirm.getByTestId('bulk-breakdown-row')).toHaveCount(2)
  await expect(confirm.getByTestId('bulk-confirm-text')).toHaveText('Bu 2 plan “İptal edildi” durumuna geçecek:')
  await expect(confirm.getByTestId('confirm-ok')).toHaveText('2 planı değiştir')
  await expectNoEnglish(page, 'bulk confirmation')
  await confirm.getByTestId('confirm-cancel').click()
  await page.getByTestId('bulk-clear').click()

  // Back to English for whatever runs next in this app.
  await setLanguage(page, 'Kaydet', 'English')
  await expect(page.getByTestId('demo-banner')).toContainText('Demo data')
  expect(consoleProblems).toEqual([])
})
