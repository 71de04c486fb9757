using FamilyTrees;

namespace BackpropGen.Tests;

/// <summary>The family-trees data of samples/FamilyTrees, derived from the two trees (shared/docs/paper-facts.md).</summary>
public class KinshipTests
{
    private static readonly IReadOnlyList<Triple> Triples = Kinship.Triples();
    private static readonly IReadOnlyList<KinshipCase> Cases = Kinship.Cases();

    [Fact]
    public void ThereAre112TriplesAnd104CasesOfWhichEightHaveTwoAnswers()
    {
        Assert.Equal(112, Triples.Count);
        Assert.Equal(56, Triples.Count(t => t.Person1.Tree == "English"));
        Assert.Equal(56, Triples.Count(t => t.Person1.Tree == "Italian"));
        Assert.Equal(112, Triples.Distinct().Count());
        Assert.Equal(104, Cases.Count);
        Assert.Equal(112, Cases.Sum(c => c.Answers.Count));

        string[] twoAnswers = Cases.Where(c => c.Answers.Count == 2).Select(c => $"{c.Person1} {c.Relationship}").Order().ToArray();
        Assert.Equal(
            new[] { "Alfonso Aunt", "Alfonso Uncle", "Charlotte Aunt", "Charlotte Uncle", "Colin Aunt", "Colin Uncle", "Sophia Aunt", "Sophia Uncle" },
            twoAnswers);
    }

    [Fact]
    public void EachTreeHasTheExpectedNumberOfTriplesPerRelationship()
    {
        var expected = new Dictionary<Relationship, int>
        {
            [Relationship.Father] = 6, [Relationship.Mother] = 6, [Relationship.Husband] = 5, [Relationship.Wife] = 5,
            [Relationship.Son] = 6, [Relationship.Daughter] = 6, [Relationship.Uncle] = 4, [Relationship.Aunt] = 4,
            [Relationship.Brother] = 3, [Relationship.Sister] = 3, [Relationship.Nephew] = 4, [Relationship.Niece] = 4,
        };
        foreach (FamilyTree tree in Kinship.Trees)
        {
            foreach ((Relationship r, int count) in expected)
            {
                Assert.True(count == tree.Triples().Count(t => t.Relationship == r), $"{tree.Name} {r}");
            }
        }
    }

    [Fact]
    public void BothTreesGiveTheSameRelationshipStructure()
    {
        HashSet<(int, Relationship, int)> Structure(string tree) =>
            Triples.Where(t => t.Person1.Tree == tree).Select(t => (t.Person1.Position, t.Relationship, t.Person2.Position)).ToHashSet();

        HashSet<(int, Relationship, int)> english = Structure("English");
        Assert.Equal(56, english.Count);
        Assert.True(english.SetEquals(Structure("Italian")));
        for (int k = 0; k < 12; k++)
        {
            Assert.Equal(Kinship.Trees[0].People[k].Sex, Kinship.Trees[1].People[k].Sex);
        }

        // No triple crosses from one tree to the other.
        Assert.All(Triples, t => Assert.Equal(t.Person1.Tree, t.Person2.Tree));
    }

    [Theory]
    [InlineData("Colin", Relationship.Father, "James")]
    [InlineData("Colin", Relationship.Mother, "Victoria")]
    [InlineData("Colin", Relationship.Sister, "Charlotte")]
    [InlineData("Colin", Relationship.Uncle, "Arthur", "Charles")]
    [InlineData("Colin", Relationship.Aunt, "Margaret", "Jennifer")]
    [InlineData("Margaret", Relationship.Nephew, "Colin")]
    [InlineData("Margaret", Relationship.Husband, "Arthur")]
    [InlineData("Andrew", Relationship.Daughter, "Jennifer")]
    [InlineData("Andrew", Relationship.Son, "James")]
    [InlineData("Christopher", Relationship.Son, "Arthur")]
    [InlineData("Victoria", Relationship.Brother, "Arthur")]
    [InlineData("Charles", Relationship.Niece, "Charlotte")]
    [InlineData("Pierro", Relationship.Son, "Marco")]
    [InlineData("Pierro", Relationship.Daughter, "Angela")]
    [InlineData("Angela", Relationship.Husband, "Tomaso")]
    [InlineData("Sophia", Relationship.Uncle, "Emilio", "Tomaso")]
    [InlineData("Lucia", Relationship.Father, "Roberto")]
    public void KnownAnswers(string person1, Relationship relationship, params string[] answers)
    {
        KinshipCase c = Case(person1, relationship);
        Assert.Equal(answers.Order(), c.Answers.Select(p => p.Name).Order());
    }

    [Fact]
    public void TheWidelyCopiedMistakesAreNotMade()
    {
        // Tomaso married into the Italian tree; Pierro and Francesca's son is Marco.
        Assert.DoesNotContain(Triples, t => t.Person1.Name == "Pierro" && t.Relationship == Relationship.Son && t.Person2.Name == "Tomaso");
        Assert.DoesNotContain(Triples, t => t.Person1.Name == "Tomaso" && t.Relationship is Relationship.Father or Relationship.Mother);

        // Margaret married into the English tree; she is nobody's daughter, and Andrew's only daughter is Jennifer.
        Assert.DoesNotContain(Triples, t => t.Person2.Name == "Margaret" && t.Relationship == Relationship.Daughter);
        Assert.DoesNotContain(Triples, t => t.Person1.Name == "Margaret" && t.Relationship is Relationship.Father or Relationship.Mother or Relationship.Brother or Relationship.Sister);
    }

    [Fact]
    public void ThereAreNoInLawRelations()
    {
        // Margaret married Arthur, Christopher's son: Christopher is not her father, nor Arthur Andrew's son.
        Assert.DoesNotContain(Triples, t => t.Person1.Name == "Margaret" && t.Person2.Name is "Christopher" or "Penelope");
        Assert.DoesNotContain(Triples, t => t.Person1.Name == "James" && t.Person2.Name is "Christopher" or "Penelope" or "Arthur");
        Assert.DoesNotContain(Triples, t => t.Person1.Name == "Charles" && t.Person2.Name is "Andrew" or "Christine" or "James");
    }

    [Fact]
    public void EveryAnswerHasTheSexItsRelationshipNames()
    {
        var male = new[] { Relationship.Father, Relationship.Husband, Relationship.Son, Relationship.Uncle, Relationship.Brother, Relationship.Nephew };
        Assert.All(Triples, t => Assert.Equal(male.Contains(t.Relationship) ? Sex.Male : Sex.Female, t.Person2.Sex));
    }

    [Fact]
    public void RelationshipsComeInInversePairs()
    {
        bool Holds(Person a, Func<Relationship, bool> relationship, Person b) =>
            Triples.Any(t => t.Person1 == a && relationship(t.Relationship) && t.Person2 == b);

        foreach (Triple t in Triples)
        {
            Func<Relationship, bool> inverse = t.Relationship switch
            {
                Relationship.Father or Relationship.Mother => r => r is Relationship.Son or Relationship.Daughter,
                Relationship.Son or Relationship.Daughter => r => r is Relationship.Father or Relationship.Mother,
                Relationship.Husband or Relationship.Wife => r => r is Relationship.Husband or Relationship.Wife,
                Relationship.Brother or Relationship.Sister => r => r is Relationship.Brother or Relationship.Sister,
                Relationship.Uncle or Relationship.Aunt => r => r is Relationship.Nephew or Relationship.Niece,
                _ => r => r is Relationship.Uncle or Relationship.Aunt,
            };
            Assert.True(Holds(t.Person2, inverse, t.Person1), $"{t}, but not the other way round");
        }
    }

    [Fact]
    public void TheOneToOneCasesAreTheThirtyTwoSpouseAndSiblingQuestions()
    {
        KinshipCase[] oneToOne = Cases.Where(Kinship.IsOneToOne).ToArray();
        Assert.Equal(32, oneToOne.Length);
        Assert.All(oneToOne, c => Assert.Contains(c.Relationship, new[] { Relationship.Husband, Relationship.Wife, Relationship.Brother, Relationship.Sister }));

        // Siblings share a father, so a father question is not one-to-one; nobody else has Victoria's husband.
        Assert.False(Kinship.IsOneToOne(Case("Arthur", Relationship.Father)));
        Assert.True(Kinship.IsOneToOne(Case("Victoria", Relationship.Husband)));

        // Colin's and Charlotte's aunts are the same two people: sharing one answer is enough.
        Assert.False(Kinship.IsOneToOne(Case("Colin", Relationship.Aunt)));
    }

    [Fact]
    public void HalfTheOneToOneCasesLeavePersonOneAlikeSomeoneElse()
    {
        // Held out, "Christopher's wife" leaves his son Arthur and daughter Victoria, which are Penelope's too.
        Assert.Equal(new[] { "Penelope" }, Kinship.AlikeWhenHeldOut(Case("Christopher", Relationship.Wife)).Select(p => p.Name));

        // Margaret's other questions (nephew Colin, niece Charlotte) are Arthur's, Jennifer's and Charles's too.
        Assert.Equal(new[] { "Arthur", "Jennifer", "Charles" }, Kinship.AlikeWhenHeldOut(Case("Margaret", Relationship.Husband)).Select(p => p.Name));

        // Victoria's father, mother, son, daughter and brother are nobody else's set.
        Assert.Empty(Kinship.AlikeWhenHeldOut(Case("Victoria", Relationship.Husband)));

        // 8 of the 16 one-to-one cases of each tree; a case asked of someone with one question only would be alike everyone.
        Assert.Equal(16, Cases.Where(Kinship.IsOneToOne).Count(c => Kinship.AlikeWhenHeldOut(c).Count > 0));
        Assert.Equal(8, Cases.Where(c => c.Person1.Tree == "Italian" && Kinship.IsOneToOne(c)).Count(c => Kinship.AlikeWhenHeldOut(c).Count > 0));
    }

    [Fact]
    public void InputsAndTargetsAreLocalCodes()
    {
        KinshipCase colinsAunt = Case("Colin", Relationship.Aunt);
        double[] input = Kinship.Input(colinsAunt);
        Assert.Equal(36, input.Length);
        Assert.Equal(2, input.Count(v => v == 1));
        Assert.Equal(34, input.Count(v => v == 0));
        Assert.Equal(1, input[Kinship.Person("Colin").Unit]);
        Assert.Equal(1, input[24 + (int)Relationship.Aunt]);

        // A query with two answers has two target units on.
        double[] target = Kinship.Target(colinsAunt);
        Assert.Equal(24, target.Length);
        Assert.Equal(new[] { Kinship.Person("Margaret").Unit, Kinship.Person("Jennifer").Unit }.Order(),
            Enumerable.Range(0, 24).Where(j => target[j] == 1));
        Assert.Equal(22, target.Count(v => v == 0));

        Assert.Equal(1, Kinship.Target(Case("Colin", Relationship.Father)).Sum());
        Assert.Equal(Enumerable.Range(0, 24), Kinship.People.Select(p => p.Unit));
        Assert.All(Kinship.People, p => Assert.Equal(p.Tree == "English" ? p.Position : 12 + p.Position, p.Unit));
    }

    private static KinshipCase Case(string person1, Relationship relationship) =>
        Cases.Single(c => c.Person1.Name == person1 && c.Relationship == relationship);
}
