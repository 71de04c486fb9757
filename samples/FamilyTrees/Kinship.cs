namespace FamilyTrees;

/// <summary>A person's sex, which decides between father and mother, son and daughter, and so on.</summary>
public enum Sex
{
    /// <summary>Male.</summary>
    Male,

    /// <summary>Female.</summary>
    Female,
}

/// <summary>The paper's 12 relationships, in the order of the 12 relationship input units.</summary>
public enum Relationship
{
    /// <summary>p2 is p1's father.</summary>
    Father,

    /// <summary>p2 is p1's mother.</summary>
    Mother,

    /// <summary>p2 is p1's husband.</summary>
    Husband,

    /// <summary>p2 is p1's wife.</summary>
    Wife,

    /// <summary>p2 is p1's son.</summary>
    Son,

    /// <summary>p2 is p1's daughter.</summary>
    Daughter,

    /// <summary>p2 is p1's uncle: a brother of a parent, or the husband of a parent's sister.</summary>
    Uncle,

    /// <summary>p2 is p1's aunt: a sister of a parent, or the wife of a parent's brother.</summary>
    Aunt,

    /// <summary>p2 is p1's brother (full siblings only).</summary>
    Brother,

    /// <summary>p2 is p1's sister (full siblings only).</summary>
    Sister,

    /// <summary>p2 is p1's nephew: p1 is his uncle or aunt.</summary>
    Nephew,

    /// <summary>p2 is p1's niece: p1 is her uncle or aunt.</summary>
    Niece,
}

/// <summary>A person of one of the trees.</summary>
/// <param name="Name">The person's name.</param>
/// <param name="Sex">The person's sex.</param>
/// <param name="Tree">The tree's name ("English" or "Italian").</param>
/// <param name="Position">The position in the tree, 0–11; isomorphic people of the two trees share it.</param>
/// <param name="Unit">The person's input and output unit, 0–23: English people at 0–11, Italian at 12–23.</param>
public sealed record Person(string Name, Sex Sex, string Tree, int Position, int Unit)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A fact (p1, R, p2): "p2 is p1's R".</summary>
public sealed record Triple(Person Person1, Relationship Relationship, Person Person2)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Person2} is {Person1}'s {Relationship.ToString().ToLowerInvariant()}";
}

/// <summary>One training case: a query (p1, R) and every p2 that answers it (one or two).</summary>
public sealed record KinshipCase(Person Person1, Relationship Relationship, IReadOnlyList<Person> Answers)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Person1}'s {Relationship.ToString().ToLowerInvariant()} = {string.Join(" and ", Answers)}";
}

/// <summary>
/// One family tree: its people, in the order they appear in the paper's drawing of it (Fig. 2, row by row, left to
/// right), and its marriages, each with the couple's children. Every relationship is derived from these.
/// </summary>
public sealed class FamilyTree
{
    private readonly Dictionary<string, Person> _byName;
    private readonly List<(Person Husband, Person Wife, Person[] Children)> _couples = new();

    private FamilyTree(string name, int firstUnit, (string Name, Sex Sex)[] people)
    {
        Name = name;
        People = people.Select((p, k) => new Person(p.Name, p.Sex, name, k, firstUnit + k)).ToArray();
        _byName = People.ToDictionary(p => p.Name);
    }

    /// <summary>The tree's name.</summary>
    public string Name { get; }

    /// <summary>The tree's 12 people, by <see cref="Person.Position"/>.</summary>
    public IReadOnlyList<Person> People { get; }

    /// <summary>Finds a person by name.</summary>
    /// <exception cref="KeyNotFoundException">No one in this tree has that name.</exception>
    public Person this[string name] => _byName.TryGetValue(name, out Person? p) ? p : throw new KeyNotFoundException($"No one called {name} in the {Name} tree.");

    /// <summary>
    /// The English tree (paper, Fig. 2). In the drawing: Christopher = Penelope and Andrew = Christine on top;
    /// Margaret = Arthur, Victoria = James, Jennifer = Charles below them; Colin and Charlotte at the bottom.
    /// </summary>
    public static FamilyTree English() => new FamilyTree("English", 0, new[]
        {
            ("Christopher", Sex.Male), ("Penelope", Sex.Female), ("Andrew", Sex.Male), ("Christine", Sex.Female),
            ("Margaret", Sex.Female), ("Arthur", Sex.Male), ("Victoria", Sex.Female), ("James", Sex.Male),
            ("Jennifer", Sex.Female), ("Charles", Sex.Male), ("Colin", Sex.Male), ("Charlotte", Sex.Female),
        })
        .Marry("Christopher", "Penelope", "Arthur", "Victoria")
        .Marry("Andrew", "Christine", "James", "Jennifer")
        .Marry("Arthur", "Margaret")
        .Marry("James", "Victoria", "Colin", "Charlotte")
        .Marry("Charles", "Jennifer");

    /// <summary>
    /// The Italian tree, isomorphic to the English one, person for person in the same positions. (Marco is the son
    /// of Pierro and Francesca; Tomaso married in. Some public copies get this wrong.)
    /// </summary>
    public static FamilyTree Italian() => new FamilyTree("Italian", 12, new[]
        {
            ("Roberto", Sex.Male), ("Maria", Sex.Female), ("Pierro", Sex.Male), ("Francesca", Sex.Female),
            ("Gina", Sex.Female), ("Emilio", Sex.Male), ("Lucia", Sex.Female), ("Marco", Sex.Male),
            ("Angela", Sex.Female), ("Tomaso", Sex.Male), ("Alfonso", Sex.Male), ("Sophia", Sex.Female),
        })
        .Marry("Roberto", "Maria", "Emilio", "Lucia")
        .Marry("Pierro", "Francesca", "Marco", "Angela")
        .Marry("Emilio", "Gina")
        .Marry("Marco", "Lucia", "Alfonso", "Sophia")
        .Marry("Tomaso", "Angela");

    /// <summary>Every fact this tree gives: 56 triples, ordered by p1's position, relationship, p2's position.</summary>
    public IReadOnlyList<Triple> Triples()
    {
        var triples = new List<Triple>();
        foreach (Person p in People)
        {
            foreach (Relationship r in Enum.GetValues<Relationship>())
            {
                triples.AddRange(Answers(p, r).OrderBy(q => q.Position).Select(q => new Triple(p, r, q)));
            }
        }

        return triples;
    }

    /// <summary>Everyone who is <paramref name="p1"/>'s <paramref name="relationship"/>.</summary>
    public IEnumerable<Person> Answers(Person p1, Relationship relationship)
    {
        IEnumerable<Person> found = relationship switch
        {
            Relationship.Father or Relationship.Mother => Parents(p1),
            Relationship.Husband or Relationship.Wife => Spouse(p1),
            Relationship.Son or Relationship.Daughter => Children(p1),
            Relationship.Brother or Relationship.Sister => Siblings(p1),
            Relationship.Uncle or Relationship.Aunt => UnclesAndAunts(p1),
            Relationship.Nephew or Relationship.Niece => People.Where(q => UnclesAndAunts(q).Contains(p1)),
            _ => throw new ArgumentOutOfRangeException(nameof(relationship), relationship, null),
        };

        Sex sex = relationship is Relationship.Father or Relationship.Husband or Relationship.Son or Relationship.Uncle
            or Relationship.Brother or Relationship.Nephew ? Sex.Male : Sex.Female;
        return found.Where(q => q.Sex == sex).Distinct();
    }

    private FamilyTree Marry(string husband, string wife, params string[] children)
    {
        Person h = this[husband];
        Person w = this[wife];
        if (h.Sex != Sex.Male || w.Sex != Sex.Female)
        {
            throw new ArgumentException($"{husband} = {wife}: the husband comes first.");
        }

        _couples.Add((h, w, children.Select(c => this[c]).ToArray()));
        return this;
    }

    private IEnumerable<Person> Parents(Person p) =>
        _couples.Where(c => c.Children.Contains(p)).SelectMany(c => new[] { c.Husband, c.Wife });

    private IEnumerable<Person> Spouse(Person p) =>
        _couples.Where(c => c.Husband == p || c.Wife == p).Select(c => c.Husband == p ? c.Wife : c.Husband);

    private IEnumerable<Person> Children(Person p) =>
        _couples.Where(c => c.Husband == p || c.Wife == p).SelectMany(c => c.Children);

    /// <summary>Full siblings: the other children of p's parents.</summary>
    private IEnumerable<Person> Siblings(Person p) =>
        _couples.Where(c => c.Children.Contains(p)).SelectMany(c => c.Children).Where(q => q != p);

    /// <summary>The siblings of p's parents, and their spouses (uncles and aunts by marriage).</summary>
    private IEnumerable<Person> UnclesAndAunts(Person p)
    {
        Person[] siblingsOfParents = Parents(p).SelectMany(Siblings).ToArray();
        return siblingsOfParents.Concat(siblingsOfParents.SelectMany(Spouse));
    }
}

/// <summary>The paper's data: both trees, their 112 triples, and the 104 cases the network learns.</summary>
public static class Kinship
{
    /// <summary>Number of person units (input group "person" and the output layer).</summary>
    public const int PersonCount = 24;

    /// <summary>Number of relationship units.</summary>
    public const int RelationshipCount = 12;

    /// <summary>The English tree, then the Italian one.</summary>
    public static IReadOnlyList<FamilyTree> Trees { get; } = new[] { FamilyTree.English(), FamilyTree.Italian() };

    /// <summary>All 24 people, by unit.</summary>
    public static IReadOnlyList<Person> People { get; } = Trees.SelectMany(t => t.People).ToArray();

    /// <summary>The 112 triples, English first.</summary>
    public static IReadOnlyList<Triple> Triples() => Trees.SelectMany(t => t.Triples()).ToList();

    /// <summary>
    /// The triples grouped by (p1, R): 104 cases, eight of which have two answers. Ordered by tree, p1's position and
    /// relationship.
    /// </summary>
    public static IReadOnlyList<KinshipCase> Cases() =>
        Triples()
            .GroupBy(t => (t.Person1, t.Relationship))
            .Select(g => new KinshipCase(g.Key.Person1, g.Key.Relationship, g.Select(t => t.Person2).ToArray()))
            .ToList();

    /// <summary>
    /// Whether <paramref name="c"/> is <i>one-to-one</i>: no other of the 104 cases asks the same relationship and
    /// shares an answer with it. Siblings share a father, so a held-out "Arthur's father" has "Victoria's father" to go
    /// by; nobody else has Victoria's husband, so a held-out "Victoria's husband" can only be answered from the
    /// inverse fact (James's wife) or from the same question in the other tree. True of every husband, wife, brother and
    /// sister case (32 of the 104) and of no other.
    /// </summary>
    public static bool IsOneToOne(KinshipCase c) =>
        !Cases().Any(o => o.Relationship == c.Relationship && o.Person1 != c.Person1 && o.Answers.Intersect(c.Answers).Any());

    /// <summary>
    /// The people who, once <paramref name="c"/> is held out, answer every other question asked about
    /// <paramref name="c"/>'s person 1 in the same way (the same answers to the same relationships; they may have more).
    /// Held out, "Christopher's wife" leaves Christopher's son and daughter, which are Penelope's too: nothing asked
    /// about Christopher tells him from his wife, so as person 1 the net may code them alike. Empty when the other
    /// questions tell person 1 from everyone.
    /// </summary>
    public static IReadOnlyList<Person> AlikeWhenHeldOut(KinshipCase c)
    {
        IReadOnlyList<KinshipCase> all = Cases();
        KinshipCase[] rest = all.Where(o => o.Person1 == c.Person1 && o.Relationship != c.Relationship).ToArray();
        return People.Where(q => q != c.Person1 && rest.All(o => all.Any(x =>
            x.Person1 == q && x.Relationship == o.Relationship && x.Answers.SequenceEqual(o.Answers)))).ToArray();
    }

    /// <summary>Finds a person of either tree by name.</summary>
    public static Person Person(string name) => People.Single(p => p.Name == name);

    /// <summary>A case's input: person unit p1 on (of 24), then relationship unit R on (of 12).</summary>
    public static double[] Input(KinshipCase c)
    {
        var input = new double[PersonCount + RelationshipCount];
        input[c.Person1.Unit] = 1;
        input[PersonCount + (int)c.Relationship] = 1;
        return input;
    }

    /// <summary>A case's desired output: the unit of every answer on, the others off.</summary>
    public static double[] Target(KinshipCase c)
    {
        var target = new double[PersonCount];
        foreach (Person p in c.Answers)
        {
            target[p.Unit] = 1;
        }

        return target;
    }
}
