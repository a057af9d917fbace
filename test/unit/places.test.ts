import { describe, expect, it } from 'vitest';
import { allPlaces, arbeidsmarktregios, lookupPlace, regionOf, suggestPlaces } from '../../core/places/index.js';

describe('lookupPlace', () => {
  it.each([
    ["'s-Hertogenbosch", "'s-Hertogenbosch", 'noordoost-brabant'],
    ['s-hertogenbosch', "'s-Hertogenbosch", 'noordoost-brabant'],
    ['Den Bosch', "'s-Hertogenbosch", 'noordoost-brabant'],
    ['Den Haag', 'Den Haag', 'haaglanden'],
    ["'s-Gravenhage", 'Den Haag', 'haaglanden'],
    ['The Hague', 'Den Haag', 'haaglanden'],
    ['Capelle aan den IJssel', 'Capelle aan den IJssel', 'rijnmond'],
    ['capelle a/d ijssel', 'Capelle aan den IJssel', 'rijnmond'],
    ['Capelle aan de IJssel', 'Capelle aan den IJssel', 'rijnmond'],
    ['Krimpen a/d IJssel', 'Krimpen aan den IJssel', 'rijnmond'],
    ['Schiedam', 'Schiedam', 'rijnmond'],
    ['ZOETERMEER', 'Zoetermeer', 'zuid-holland-centraal'],
    ['Rotterdam', 'Rotterdam', 'rijnmond'],
    ['Utrecht', 'Utrecht', 'midden-utrecht'],
    ['Sittard Geleen', 'Sittard-Geleen', 'zuid-limburg'],
    ['Sudwest Fryslan', 'Súdwest-Fryslân', 'friesland'],
    ['Westland', 'Westland', 'haaglanden'],
  ])('%s → %s (%s)', (input, name, region) => {
    const hit = lookupPlace(input);
    expect(hit, input).not.toBeNull();
    expect(hit?.name).toBe(name);
    expect(hit?.region).toBe(region);
    expect(hit?.lat).toBeGreaterThan(50.7);
    expect(hit?.lat).toBeLessThan(53.6);
    expect(hit?.lng).toBeGreaterThan(3.3);
    expect(hit?.lng).toBeLessThan(7.3);
  });

  it('gives the municipality of a place', () => {
    expect(lookupPlace('Rozenburg')?.municipality).toBe('Rotterdam');
    expect(lookupPlace('Den Haag')?.municipality).toBe('Den Haag');
  });

  it('prefers the municipal namesake and honours a province suffix', () => {
    expect(lookupPlace('Hengelo')?.region).toBe('twente');
    expect(lookupPlace('Hengelo (Gld)')?.region).toBe('achterhoek');
    expect(lookupPlace('Bergen NH')?.region).toBe('noord-holland-noord');
    expect(lookupPlace('Bergen (L)')?.region).toBe('noord-limburg');
  });

  it('returns null for nonsense and empty input', () => {
    expect(lookupPlace('xyzzyqwerty')).toBeNull();
    expect(lookupPlace('')).toBeNull();
    expect(lookupPlace("  -'  ")).toBeNull();
  });
});

describe('suggestPlaces', () => {
  it('puts the intended place first for a misspelling', () => {
    expect(suggestPlaces('Rotterdm')[0]).toBe('Rotterdam');
    expect(suggestPlaces('Zoetermer')[0]).toBe('Zoetermeer');
    expect(suggestPlaces('Amsterdm')[0]).toBe('Amsterdam');
    expect(suggestPlaces('Den Hag')[0]).toBe('Den Haag');
  });

  it('completes prefixes and respects the limit', () => {
    const s = suggestPlaces('Utrech', 2);
    expect(s).toHaveLength(2);
    expect(s[0]).toBe('Utrecht');
  });

  it('suggests nothing for nonsense', () => {
    expect(suggestPlaces('xyzzyqwerty')).toEqual([]);
  });
});

describe('regions', () => {
  it('has the 35 arbeidsmarktregio ids', () => {
    const ids = arbeidsmarktregios().map((r) => r.id);
    expect(ids).toHaveLength(35);
    expect(new Set(ids).size).toBe(35);
    expect(ids).toEqual(expect.arrayContaining(['rijnmond', 'midden-utrecht', 'haaglanden', 'groot-amsterdam']));
  });

  it('maps every gazetteer place to one of the 35 regions', () => {
    const ids = new Set(arbeidsmarktregios().map((r) => r.id));
    const places = allPlaces();
    expect(places.length).toBeGreaterThan(1000);
    for (const p of places) expect(ids.has(p.region), `${p.name} → ${p.region}`).toBe(true);
  });

  it('regionOf accepts a name or coordinates', () => {
    expect(regionOf('Schiedam')).toBe('rijnmond');
    expect(regionOf({ lat: 52.09, lng: 5.12 })).toBe('midden-utrecht');
    expect(regionOf('nergenshuizen-aan-zee')).toBeNull();
  });
});
