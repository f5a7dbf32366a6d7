/** Relations to the head and residencies the roster knows (the server's schema lists the same). */
export const householdRoles = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export const residencies = ['local', 'newResident'] as const;
