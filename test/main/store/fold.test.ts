import { describe, expect, it } from 'vitest'
import { foldText, tokens } from '../../../main/store/fold'

describe('foldText', () => {
  it('folds Turkish letters the way Turkish readers expect', () => {
    for (const s of ['ışık', 'IŞIK', 'Işık', 'isik', 'ISIK', 'İŞİK']) expect(foldText(s)).toBe('isik')
    expect(foldText('İade')).toBe('iade')
    expect(foldText('iade')).toBe('iade')
    expect(foldText('ÇĞÖŞÜ çğöşü')).toBe('cgosu cgosu')
  })

  it('strips other diacritics and lower-cases', () => {
    expect(foldText('Crème Brûlée')).toBe('creme brulee')
  })

  it('splits into letter/digit tokens', () => {
    expect(tokens('SKU-123/ab  Işık')).toEqual(['sku', '123', 'ab', 'isik'])
  })
})
