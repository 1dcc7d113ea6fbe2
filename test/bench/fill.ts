/**
 * Fills a cache with generated plans (Turkish product names, a few statuses, stores and
 * channels) through the same PlanStore.applyPlans a sync uses: the benchmarks' big caches.
 * Returns the time it took, in milliseconds.
 */
import type { PlanStore } from '../../main/store'
import { makePlan, planInput } from '../main/store/fixtures'

const PRODUCTS = ['Işık Masa Lambası', 'Çay Bardağı Seti', 'Şarjlı Dikey Süpürge', 'Ütü Masası', 'Gül Kokulu El Kremi', 'Öğrenci Çantası', 'Kahve Makinesi', 'İpek Eşarp']
const REASONS = ['İade talebi', 'Beden uymadı', 'Hasarlı ürün', 'Vazgeçtim']
const STATUSES = ['waiting', 'approved', 'completed', 'rejected', 'confirmation_waiting']

export function fillStore(store: PlanStore, n: number): number {
  const started = performance.now()
  const page = 500
  for (let from = 1; from <= n; from += page) {
    const batch = []
    for (let pk = from; pk < Math.min(from + page, n + 1); pk++) {
      batch.push(
        planInput(
          makePlan({
            pk,
            status: STATUSES[pk % STATUSES.length],
            plan_type: pk % 4 === 0 ? 'refund' : 'cancel',
            product: `${PRODUCTS[pk % PRODUCTS.length]} ${pk % 97}`,
            reason: REASONS[pk % REASONS.length],
            store: `STORE-${pk % 40}`,
            channel: (pk % 5) + 1,
          }),
        ),
      )
    }
    store.applyPlans(batch, 1)
  }
  return performance.now() - started
}
