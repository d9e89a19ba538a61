// The kinds of real-world things the graph holds, and their schema.org names.
#pragma once

#include <optional>
#include <string_view>

namespace newsgraph {

// The type of an entity. Organization subtypes and Country are kept apart because users
// filter and colour by them; scoring and merging compare the family (Person/Organization/Place).
enum class EntityType {
  kPerson,
  kGovernmentOrganization,
  kNewsMediaOrganization,
  kOrganization,
  kCountry,
  kPlace,
};

enum class EntityFamily { kPerson, kOrganization, kPlace };

inline EntityFamily FamilyOf(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return EntityFamily::kPerson;
    case EntityType::kGovernmentOrganization:
    case EntityType::kNewsMediaOrganization:
    case EntityType::kOrganization:
      return EntityFamily::kOrganization;
    case EntityType::kCountry:
    case EntityType::kPlace:
      return EntityFamily::kPlace;
  }
  return EntityFamily::kPlace;
}

// The schema.org type name ("Person", "GovernmentOrganization", ...).
inline std::string_view SchemaName(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return "Person";
    case EntityType::kGovernmentOrganization:
      return "GovernmentOrganization";
    case EntityType::kNewsMediaOrganization:
      return "NewsMediaOrganization";
    case EntityType::kOrganization:
      return "Organization";
    case EntityType::kCountry:
      return "Country";
    case EntityType::kPlace:
      return "Place";
  }
  return "Thing";
}

inline std::optional<EntityType> ParseEntityType(std::string_view s) {
  for (EntityType t : {EntityType::kPerson, EntityType::kGovernmentOrganization,
                       EntityType::kNewsMediaOrganization, EntityType::kOrganization,
                       EntityType::kCountry, EntityType::kPlace}) {
    if (SchemaName(t) == s) return t;
  }
  return std::nullopt;
}

}  // namespace newsgraph
