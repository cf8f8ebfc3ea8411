/**
 * The small world the access matrix and the fuzz build through the api: the
 * partnership of the documents' Fédération Léo Lagrange and Conseil général
 * de l'Ardèche (the org ids `flda` and `cg-ardeche`, which partner tokens name).
 */
export function fldaArdecheProposal(id: string): Record<string, unknown> {
  return {
    id,
    title: 'Lire et faire lire en Ardèche',
    territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
    partners: [
      { orgId: 'flda', name: 'Fédération Léo Lagrange', sphere: 'association' },
      { orgId: 'cg-ardeche', name: "Conseil général de l'Ardèche", sphere: 'collectivite' },
    ],
    modes: ['mecenat'],
  };
}
